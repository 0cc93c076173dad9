package io.leadjobs.loadtool;

/** Why a load run could not be carried out, in a sentence for the person running it. */
final class LoadToolException extends RuntimeException {

    LoadToolException(String message) {
        super(message);
    }

    LoadToolException(String message, Throwable cause) {
        super(message, cause);
    }
}
