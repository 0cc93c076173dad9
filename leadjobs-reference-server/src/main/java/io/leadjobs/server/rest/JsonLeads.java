package io.leadjobs.server.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadjobs.core.JobRequest;
import io.leadjobs.core.Lead;
import io.leadjobs.server.rest.ApiException.Detail;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code { "name": "...", "leads": [ { "email": ..., "first_name": ..., ... }, ... ] }} into a
 * {@link JobRequest}, token by token (never a whole tree of the body). Lead {@code i} (0-based) is row
 * {@code i + 1}. Field values are strings, numbers or booleans (taken as text) or null (empty); keys other than
 * the known columns become extra fields.
 */
final class JsonLeads {

    private JsonLeads() {
    }

    static JobRequest read(InputStream body, ObjectMapper mapper, String defaultName, UploadLimits limits) {
        try (JsonParser parser = mapper.getFactory().createParser(body)) {
            return parse(parser, defaultName, limits);
        } catch (ApiException e) {
            throw e;
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            throw ApiException.badRequest("The request body is not valid JSON" + where + ".",
                    Detail.of(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Reading the request body failed: " + e.getMessage(), e);
        }
    }

    private static JobRequest parse(JsonParser p, String defaultName, UploadLimits limits) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw shape("The body must be a JSON object { \"name\": ..., \"leads\": [ ... ] }.");
        }
        JobRequest.Builder request = JobRequest.builder().name(defaultName);
        boolean sawLeads = false;
        int count = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "name" -> {
                    if (value == JsonToken.VALUE_NULL) {
                        continue;
                    }
                    if (value != JsonToken.VALUE_STRING) {
                        throw shape("\"name\" must be a string.");
                    }
                    request.name(p.getText().strip());
                }
                case "leads" -> {
                    if (value != JsonToken.START_ARRAY) {
                        throw shape("\"leads\" must be an array of lead objects.");
                    }
                    sawLeads = true;
                    long held = 0;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        count++;
                        if (count > limits.maxLeads()) {
                            throw new ApiException(413, "The upload has more than " + limits.maxLeads()
                                    + " leads, the most a job may have.", List.of(Detail.row(count, "leads["
                                    + (count - 1) + "] is one more than the limit; split the upload.")));
                        }
                        Lead lead = lead(p, count - 1, limits);
                        long bytes = heldBytes(lead);
                        held += bytes;
                        if (held > limits.maxHeldBytes()) {
                            throw new ApiException(413, "The upload needs more memory than the server allows for one "
                                    + "upload.", List.of(Detail.row(count, "By leads[" + (count - 1) + "] the leads "
                                    + "read take about " + held / (1024 * 1024) + " MiB, over the limit of "
                                    + limits.maxHeldBytes() / (1024 * 1024) + " MiB; split the upload.")));
                        }
                        limits.memory().take(bytes, count);
                        request.row(count, lead);
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (!sawLeads) {
            throw shape("The body has no \"leads\" array.");
        }
        if (count == 0) {
            throw shape("\"leads\" is empty: send at least one lead.");
        }
        return request.build();
    }

    /** Rough heap of a lead as held until the job is stored, as {@link LeadTable} counts it. */
    private static long heldBytes(Lead lead) {
        long bytes = 200 + 8 * 40 + lead.email().length() + lead.firstName().length() + lead.lastName().length()
                + lead.company().length() + lead.title().length() + lead.website().length() + lead.phone().length()
                + lead.country().length();
        for (Map.Entry<String, String> e : lead.extra().entrySet()) {
            bytes += 40 + e.getKey().length() + e.getValue().length();
        }
        return bytes;
    }

    private static Lead lead(JsonParser p, int index, UploadLimits limits) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw ApiException.badRequest("leads[" + index + "] must be an object.",
                    Detail.row(index + 1, "leads[" + index + "] is " + p.currentToken().asString() + ", not an object."));
        }
        Lead.Builder lead = Lead.builder();
        Map<String, String> extra = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            if (extra.size() >= limits.maxColumns()) {
                throw ApiException.badRequest("leads[" + index + "] has more than " + limits.maxColumns() + " fields.",
                        Detail.at(index + 1, key, "A lead may have at most " + limits.maxColumns() + " fields."));
            }
            JsonToken token = p.nextToken();
            String text;
            if (token == JsonToken.VALUE_NULL) {
                text = "";
            } else if (token.isScalarValue()) {
                text = p.getText();
            } else {
                throw ApiException.badRequest("leads[" + index + "]." + key + " must be a string, a number, a boolean "
                        + "or null.", Detail.at(index + 1, key, "leads[" + index + "]." + key + " is an "
                        + (token == JsonToken.START_ARRAY ? "array" : "object") + "."));
            }
            if (text.length() > limits.maxFieldChars()) {
                throw ApiException.badRequest("leads[" + index + "]." + key + " is longer than " + limits.maxFieldChars()
                        + " characters.", Detail.at(index + 1, key, "leads[" + index + "]." + key + " has "
                        + text.length() + " characters; a field may have at most " + limits.maxFieldChars() + "."));
            }
            switch (key) {
                case "email" -> lead.email(text);
                case "first_name" -> lead.firstName(text);
                case "last_name" -> lead.lastName(text);
                case "company" -> lead.company(text);
                case "title" -> lead.title(text);
                case "website" -> lead.website(text);
                case "phone" -> lead.phone(text);
                case "country" -> lead.country(text);
                default -> extra.put(key, text);
            }
        }
        extra.forEach(lead::extra);
        return lead.build();
    }

    private static ApiException shape(String message) {
        return ApiException.badRequest(message);
    }
}
