package io.leadjobs.server.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.UnmappableCharacterException;

/**
 * Decodes an upload's bytes strictly, and hands out the text before a byte that is not valid in the charset before
 * it reports that byte, so the parser ({@link CsvLeads}) has read the rows before it and the error names the row it
 * is in.
 */
final class DecodingReader extends Reader {
    private final InputStream in;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(8192).flip();
    private boolean eof;
    private boolean flushed;
    private CharacterCodingException pending;

    DecodingReader(InputStream in, Charset charset) {
        this.in = in;
        this.decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (pending != null) {
            throw pending;
        }
        if (flushed) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        CharBuffer out = CharBuffer.wrap(buffer, offset, length);
        while (true) {
            CoderResult result = decoder.decode(bytes, out, eof);
            if (result.isError()) {
                CharacterCodingException error = result.isMalformed()
                        ? new MalformedInputException(result.length())
                        : new UnmappableCharacterException(result.length());
                if (out.position() > offset) {
                    pending = error;
                    return out.position() - offset;
                }
                throw error;
            }
            if (result.isOverflow() || out.position() > offset) {
                return out.position() - offset;
            }
            if (eof) {
                CoderResult end = decoder.flush(out);
                flushed = !end.isOverflow();
                int n = out.position() - offset;
                return n > 0 ? n : flushed ? -1 : 0;
            }
            bytes.compact();
            int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (n < 0) {
                eof = true;
            } else {
                bytes.position(bytes.position() + n);
            }
            bytes.flip();
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
