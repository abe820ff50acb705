package io.understudy.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A client of the Confluent Schema Registry REST API (served by Confluent's registry and by
 * Apicurio under {@code /apis/ccompat/v7}), over {@link HttpClient}.
 *
 * <p>Ids are cached both ways (subject and schema to id, id to schema) and never expire: an id,
 * once given, always names the same schema. So serializing or deserializing records costs one
 * request per schema, not one per record. Thread-safe.
 */
public final class SchemaRegistryClient implements SchemaRegistry, AutoCloseable {

    /** The media type of the Confluent REST API. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaRegistryClientConfig config;
    private final String baseUrl;
    private final HttpClient http;
    private final Optional<String> authorization;
    private final ConcurrentMap<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    /** A schema as registered under one subject: the key of the id cache. */
    private record SubjectSchema(String subject, Schema schema) {
    }

    public SchemaRegistryClient(SchemaRegistryClientConfig config) {
        this.config = config;
        this.baseUrl = config.url();
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.authorization = config.bearerToken().map(token -> "Bearer " + token)
                .or(() -> config.basicAuthUserInfo().map(userInfo -> "Basic "
                        + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8))));
    }

    /** A client with default settings for the registry at {@code url}. */
    public static SchemaRegistryClient forUrl(String url) {
        return new SchemaRegistryClient(SchemaRegistryClientConfig.forUrl(url));
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
        int id = requiredInt(answer, "id", "POST /subjects/" + subject + "/versions");
        idsBySubjectSchema.putIfAbsent(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public int idOf(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("POST", "/subjects/" + encode(subject), schemaBody(schema));
        int id = requiredInt(answer, "id", "POST /subjects/" + subject);
        idsBySubjectSchema.putIfAbsent(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("GET", "/schemas/ids/" + id, null);
        JsonNode text = answer.get("schema");
        if (text == null || !text.isTextual()) {
            throw malformed("GET /schemas/ids/" + id, "no 'schema' text in " + answer);
        }
        String schemaType = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(schemaType)) {
            throw new SchemaRegistryException("Schema id " + id + " at " + baseUrl + " is a " + schemaType
                    + " schema, not Avro", baseUrl, 200, SchemaRegistryException.NO_ERROR_CODE);
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(text.asText());
        } catch (SchemaParseException e) {
            throw malformed("GET /schemas/ids/" + id, "schema id " + id + " is not a valid Avro schema: " + e.getMessage());
        }
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        String path = "/compatibility/subjects/" + encode(subject) + "/versions/latest";
        try {
            JsonNode answer = send("POST", path, schemaBody(schema));
            JsonNode compatible = answer.get("is_compatible");
            if (compatible == null || !compatible.isBoolean()) {
                throw malformed("POST " + path, "no boolean 'is_compatible' in " + answer);
            }
            return compatible.booleanValue();
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
                    || e.errorCode() == SchemaRegistryException.VERSION_NOT_FOUND) {
                return true; // nothing registered yet: any schema may be the first
            }
            throw e;
        }
    }

    @Override
    public CompatibilityLevel compatibility(String subject) {
        try {
            return level(send("GET", "/config/" + encode(subject), null), "GET /config/" + subject);
        } catch (SchemaRegistryException e) {
            // Confluent answers 40408 when the subject has no level of its own; Apicurio 40401 for an unknown subject
            if (e.notFound()) {
                return globalCompatibility();
            }
            throw e;
        }
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        send("PUT", "/config/" + encode(subject), Map.of("compatibility", level.name()));
    }

    @Override
    public CompatibilityLevel globalCompatibility() {
        return level(send("GET", "/config", null), "GET /config");
    }

    @Override
    public void setGlobalCompatibility(CompatibilityLevel level) {
        send("PUT", "/config", Map.of("compatibility", level.name()));
    }

    @Override
    public String location() {
        return baseUrl;
    }

    /** Forgets the cached ids; the underlying {@link HttpClient} needs no closing on Java 17. */
    @Override
    public void close() {
        idsBySubjectSchema.clear();
        schemasById.clear();
    }

    @Override
    public String toString() {
        return "SchemaRegistryClient[" + baseUrl + "]";
    }

    private static Map<String, String> schemaBody(Schema schema) {
        // schemaType is left out: AVRO is the default everywhere, and older registries reject the field
        return Map.of("schema", schema.toString());
    }

    private CompatibilityLevel level(JsonNode answer, String request) {
        // GET answers compatibilityLevel, PUT answers compatibility
        JsonNode level = answer.has("compatibilityLevel") ? answer.get("compatibilityLevel") : answer.get("compatibility");
        if (level == null || !level.isTextual()) {
            throw malformed(request, "no 'compatibilityLevel' in " + answer);
        }
        try {
            return CompatibilityLevel.valueOf(level.asText());
        } catch (IllegalArgumentException e) {
            throw malformed(request, "unknown compatibility level '" + level.asText() + "'");
        }
    }

    private JsonNode send(String method, String path, Object body) {
        String request = method + " " + path;
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(config.requestTimeout())
                .header("Accept", CONTENT_TYPE + ", application/json");
        authorization.ifPresent(value -> builder.header("Authorization", value));
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofString(json(body)));
        }
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new SchemaRegistryException("Schema registry at " + baseUrl + " is unreachable (" + request + "): "
                    + reason, baseUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("Interrupted while waiting for the schema registry at " + baseUrl
                    + " (" + request + ")", baseUrl, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw refused(request, response);
        }
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw malformed(request, "the answer is not JSON: " + abbreviate(response.body()));
        }
    }

    /** The error a registry answered, with its Confluent error code and message when the body has them. */
    private SchemaRegistryException refused(String request, HttpResponse<String> response) {
        int errorCode = SchemaRegistryException.NO_ERROR_CODE;
        String message = abbreviate(response.body());
        try {
            JsonNode error = JSON.readTree(response.body());
            if (error != null && error.isObject()) {
                errorCode = error.path("error_code").asInt(SchemaRegistryException.NO_ERROR_CODE);
                message = error.path("message").asText(message);
            }
        } catch (JsonProcessingException notJson) {
            // keep the raw body as the message
        }
        String code = errorCode == SchemaRegistryException.NO_ERROR_CODE ? "" : ", error code " + errorCode;
        return new SchemaRegistryException("Schema registry at " + baseUrl + " refused " + request + ": HTTP "
                + response.statusCode() + code + ": " + message, baseUrl, response.statusCode(), errorCode);
    }

    private SchemaRegistryException malformed(String request, String what) {
        return new SchemaRegistryException("Schema registry at " + baseUrl + " gave an unexpected answer to "
                + request + ": " + what, baseUrl, 200, SchemaRegistryException.NO_ERROR_CODE);
    }

    private int requiredInt(JsonNode answer, String field, String request) {
        JsonNode value = answer.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw malformed(request, "no integer '" + field + "' in " + answer);
        }
        return value.intValue();
    }

    private static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a registry request as JSON", e);
        }
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        if (text == null || text.isBlank()) {
            return "(empty body)";
        }
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
