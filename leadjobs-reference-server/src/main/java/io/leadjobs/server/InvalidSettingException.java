package io.leadjobs.server;

/**
 * A setting of the reference server has a value it cannot start with. The message names the setting (its
 * environment variable and its flag), says what was expected and what was given (never a secret's text).
 */
public final class InvalidSettingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String setting;

    InvalidSettingException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    /** The environment-variable name of the setting, such as {@code PORT}. */
    public String setting() {
        return setting;
    }
}
