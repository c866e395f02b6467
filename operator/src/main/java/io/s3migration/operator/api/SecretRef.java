package io.s3migration.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** A Secret in the MigrationJob's namespace and the names of its two keys. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecretRef(
        @Required
        @JsonPropertyDescription("Name of a Secret in the same namespace")
        String name,
        @JsonPropertyDescription("Key holding the access key ID (default accessKeyId)")
        @Default(SecretRef.DEFAULT_ACCESS_KEY_ID_KEY)
        String accessKeyIdKey,
        @JsonPropertyDescription("Key holding the secret access key (default secretAccessKey)")
        @Default(SecretRef.DEFAULT_SECRET_ACCESS_KEY_KEY)
        String secretAccessKeyKey) {

    public static final String DEFAULT_ACCESS_KEY_ID_KEY = "accessKeyId";
    public static final String DEFAULT_SECRET_ACCESS_KEY_KEY = "secretAccessKey";

    @JsonIgnore
    public String accessKeyIdKeyOrDefault() {
        return blank(accessKeyIdKey) ? DEFAULT_ACCESS_KEY_ID_KEY : accessKeyIdKey;
    }

    @JsonIgnore
    public String secretAccessKeyKeyOrDefault() {
        return blank(secretAccessKeyKey) ? DEFAULT_SECRET_ACCESS_KEY_KEY : secretAccessKeyKey;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
