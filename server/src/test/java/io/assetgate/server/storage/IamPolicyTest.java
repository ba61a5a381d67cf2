package io.assetgate.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The minimal IAM policy an operator copies (docs/iam-policy.json) allows every call the server
 * makes on every key it can make ({@link ObjectKeys}), and docs/s3.md shows that same policy. A
 * new key prefix in the code without the policy following fails here, not in production.
 */
class IamPolicyTest {

    private static final Path POLICY = Path.of("..", "docs", "iam-policy.json");
    private static final String BUCKET = "arn:aws:s3:::assetgate-prod";
    private static final List<String> OBJECT_ACTIONS = List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject",
            "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts");

    /** Every kind of key the server writes, made by the code that makes them. */
    static List<String> writtenKeys() {
        String original = ObjectKeys.newOriginalKey();
        String tenant = "acme-42/" + ObjectKeys.newOriginalKey(); // UploadPolicy: Tenants.keyPrefix() + key
        List<String> keys = new ArrayList<>();
        for (String key : List.of(original, tenant)) {
            keys.add(key);
            keys.add(ObjectKeys.variantKey(key, "thumbnail"));
            keys.add(ObjectKeys.quarantineKey(key));
        }
        return keys;
    }

    @ParameterizedTest
    @MethodSource("writtenKeys")
    void allowsEveryObjectCallOnEveryKeyTheServerWrites(String key) throws IOException {
        JsonNode policy = policy();
        for (String action : OBJECT_ACTIONS) {
            assertThat(allows(policy, action, BUCKET + "/" + key)).as("%s on %s", action, key).isTrue();
        }
    }

    @Test
    void allowsTheProbesAndTheBucketListings() throws IOException {
        JsonNode policy = policy();
        assertThat(allows(policy, "s3:GetObject", BUCKET + "/" + ObjectKeys.HEALTH_PROBE)).isTrue();
        assertThat(allows(policy, "s3:GetObject", BUCKET + "/" + ObjectKeys.STARTUP_PROBE)).isTrue();
        assertThat(allows(policy, "s3:ListBucket", BUCKET)).isTrue();
        assertThat(allows(policy, "s3:ListBucketMultipartUploads", BUCKET)).isTrue();
        assertThat(allows(policy, "s3:PutObject", BUCKET + "/" + ObjectKeys.HEALTH_PROBE)).as("no more").isFalse();
        assertThat(allows(policy, "s3:DeleteBucket", BUCKET)).isFalse();
    }

    @Test
    void theGuideShowsThePolicyFile() throws IOException {
        String guide = Files.readString(Path.of("..", "docs", "s3.md"));
        assertThat(guide).contains("(iam-policy.json)").contains(Files.readString(POLICY).strip());
    }

    private static JsonNode policy() throws IOException {
        return JsonMapper.builder().build().readTree(Files.readString(POLICY));
    }

    /** IAM's rule, for the parts this policy uses: an Allow statement names the action and a matching resource. */
    private static boolean allows(JsonNode policy, String action, String resource) {
        for (JsonNode statement : policy.get("Statement")) {
            if ("Allow".equals(statement.get("Effect").asString())
                    && any(statement.get("Action"), action) && any(statement.get("Resource"), resource)) {
                return true;
            }
        }
        return false;
    }

    private static boolean any(JsonNode patterns, String value) {
        for (JsonNode pattern : patterns.isArray() ? patterns : List.of(patterns)) {
            if (matches(pattern.asString(), value)) {
                return true;
            }
        }
        return false;
    }

    /** IAM wildcards: {@code *} is any run of characters (slashes too), {@code ?} one character. */
    static boolean matches(String pattern, String value) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return value.matches(regex.toString());
    }
}
