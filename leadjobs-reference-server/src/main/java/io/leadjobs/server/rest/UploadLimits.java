package io.leadjobs.server.rest;

/**
 * What one upload may hold, checked while it is read, so that a hostile file is refused after the row that breaks
 * a limit rather than after it has been taken into memory whole.
 *
 * @param maxBytes         the largest request body
 * @param maxLeads         data rows (leads and rows that will be rejected) an upload may have
 * @param maxLines         lines or sheet rows read in all, blank ones included
 * @param maxColumns       columns of the header row
 * @param maxFieldChars    characters of one field
 * @param maxRowChars      characters of one CSV record, quoted line breaks included
 * @param maxHeldBytes     estimated heap that the leads read so far may take, whatever the file's size
 * @param heldPerByte      estimated heap the leads may take per byte of the file read so far, beyond
 *                         {@link #HELD_FREE_BYTES}: a file whose rows cost far more memory than their text (hundreds
 *                         of empty columns a row) is refused early
 * @param maxUnpackedBytes bytes an .xlsx file may unpack to, all its parts together
 * @param memory           this upload's share of the heap all uploads being read may take together: each row's
 *                         estimate is taken from it as the row is read
 */
record UploadLimits(long maxBytes, int maxLeads, int maxLines, int maxColumns, int maxFieldChars, int maxRowChars,
                    long maxHeldBytes, int heldPerByte, long maxUnpackedBytes, UploadMemory.Claim memory) {

    static final int MAX_COLUMNS = 500;
    static final int MAX_FIELD_CHARS = 10_000;
    static final int MAX_ROW_CHARS = 1_048_576;
    /** Heap an upload's leads may take, as a multiple of the largest body. */
    static final int HELD_PER_BODY_BYTE = 8;
    /** Heap the leads may take per byte of the file read so far: ordinary lead lists take 4 to 20. */
    static final int HELD_PER_BYTE = 64;
    /** Heap any upload may take before {@link #heldPerByte()} applies. */
    static final long HELD_FREE_BYTES = 4L * 1024 * 1024;
    /** Bytes an .xlsx may unpack to, as a multiple of the largest body. */
    static final int UNPACKED_PER_BODY_BYTE = 10;

    /** The limits that follow from the largest body and the most leads a job may have. */
    static UploadLimits of(long maxBytes, int maxLeads) {
        return new UploadLimits(maxBytes, maxLeads, (int) Math.min(Integer.MAX_VALUE, 2L * maxLeads + 1000),
                MAX_COLUMNS, MAX_FIELD_CHARS, MAX_ROW_CHARS, HELD_PER_BODY_BYTE * maxBytes, HELD_PER_BYTE,
                UNPACKED_PER_BODY_BYTE * maxBytes, UploadMemory.UNLIMITED);
    }

    /** The same limits for one upload, drawing on {@code claim}. */
    UploadLimits drawingOn(UploadMemory.Claim claim) {
        return new UploadLimits(maxBytes, maxLeads, maxLines, maxColumns, maxFieldChars, maxRowChars, maxHeldBytes,
                heldPerByte, maxUnpackedBytes, claim);
    }

    /** The estimated heap leads read from {@code inputBytes} bytes may take. */
    long heldAllowed(long inputBytes) {
        return Math.min(maxHeldBytes, HELD_FREE_BYTES + heldPerByte * inputBytes);
    }
}
