package io.understudy.schemas.registry;

/**
 * A schema registry refused a request or could not be reached. Carries the HTTP status and the
 * Confluent {@code error_code} of the answer when there was one.
 */
public class SchemaRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Confluent error code: the subject does not exist. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Confluent error code: the version does not exist. */
    public static final int VERSION_NOT_FOUND = 40402;
    /** Confluent error code: no schema with that id, or not under that subject. */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** Confluent error code: the subject has no compatibility level of its own. */
    public static final int SUBJECT_CONFIG_NOT_FOUND = 40408;
    /** Confluent error code: the schema breaks the subject's compatibility level. */
    public static final int INCOMPATIBLE_SCHEMA = 409;
    /** Confluent error code: the schema is not valid. */
    public static final int INVALID_SCHEMA = 42201;

    /** {@link #status()} when no HTTP answer was received. */
    public static final int NO_ANSWER = 0;
    /** {@link #errorCode()} when the answer carried no error code. */
    public static final int NO_ERROR_CODE = 0;

    private final String location;
    private final int status;
    private final int errorCode;

    /** The registry answered with an error. */
    public SchemaRegistryException(String message, String location, int status, int errorCode) {
        super(message);
        this.location = location;
        this.status = status;
        this.errorCode = errorCode;
    }

    /** The registry did not answer (unreachable, timed out, interrupted). */
    public SchemaRegistryException(String message, String location, Throwable cause) {
        super(message, cause);
        this.location = location;
        this.status = NO_ANSWER;
        this.errorCode = NO_ERROR_CODE;
    }

    /** The registry's URL. */
    public String location() {
        return location;
    }

    /** The HTTP status of the answer, or {@link #NO_ANSWER}. */
    public int status() {
        return status;
    }

    /** The Confluent error code of the answer (e.g. {@link #SUBJECT_NOT_FOUND}), or {@link #NO_ERROR_CODE}. */
    public int errorCode() {
        return errorCode;
    }

    /** True when no answer was received: the registry is down, unreachable or too slow. */
    public boolean unreachable() {
        return status == NO_ANSWER;
    }

    /** True when what was asked for does not exist (HTTP 404). */
    public boolean notFound() {
        return status == 404;
    }
}
