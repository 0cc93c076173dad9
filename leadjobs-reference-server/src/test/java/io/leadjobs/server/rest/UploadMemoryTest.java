package io.leadjobs.server.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UploadMemoryTest {

    @Test
    void anUploadThatWouldTakeTheUploadsPastTheLimitWhileAnotherHoldsSomeIsToldToRetry() {
        UploadMemory memory = new UploadMemory(10 * 1024 * 1024);
        UploadMemory.Claim first = memory.claim();
        UploadMemory.Claim second = memory.claim();
        first.take(6 * 1024 * 1024, 0);
        second.take(3 * 1024 * 1024, 1);

        assertThatThrownBy(() -> second.take(2 * 1024 * 1024, 7))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.retryAfterSeconds()).isEqualTo(5);
                    assertThat(e.getMessage()).isEqualTo("The server is reading other uploads and has no memory left "
                            + "for this one; try again in a few seconds.");
                    assertThat(e.details().get(0).row()).isEqualTo(7);
                    assertThat(e.details().get(0).message()).isEqualTo("By row 7 this upload would take the uploads "
                            + "being read past 10 MiB of heap, the most they may hold together; nothing of it was kept.");
                });
        assertThat(memory.held()).isEqualTo(9 * 1024 * 1024);
        assertThat(second.taken()).isEqualTo(3 * 1024 * 1024);
    }

    @Test
    void whatAnUploadTookIsGivenBackOnceWhenItIsClosed() {
        UploadMemory memory = new UploadMemory(10 * 1024 * 1024);
        UploadMemory.Claim first = memory.claim();
        UploadMemory.Claim second = memory.claim();
        first.take(8 * 1024 * 1024, 0);
        second.take(1024 * 1024, 0);

        first.close();
        first.close();

        assertThat(memory.held()).isEqualTo(1024 * 1024);
        second.take(9 * 1024 * 1024, 0);
        assertThat(memory.held()).isEqualTo(10 * 1024 * 1024);
        first.take(1024 * 1024, 0); // a closed claim takes nothing
        assertThat(memory.held()).isEqualTo(10 * 1024 * 1024);
    }

    @Test
    void anUploadAloneGoesOnToItsOwnLimitsEvenPastTheSharedOne() {
        UploadMemory memory = new UploadMemory(4 * 1024 * 1024);
        UploadMemory.Claim alone = memory.claim();

        alone.take(3 * 1024 * 1024, 0);
        alone.take(3 * 1024 * 1024, 2);

        assertThat(memory.held()).isEqualTo(6 * 1024 * 1024);
        UploadMemory.Claim next = memory.claim();
        assertThatThrownBy(() -> next.take(1, 1)).isInstanceOf(ApiException.class);
        alone.close();
        next.take(1, 1);
        assertThat(memory.held()).isEqualTo(1);
    }

    @Test
    void theDefaultIsFortyPercentOfTheMaximumHeap() {
        assertThat(UploadMemory.ofHeap().limit()).isEqualTo((long) (Runtime.getRuntime().maxMemory() * 0.4));
    }
}
