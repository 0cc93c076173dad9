package io.leadjobs.websocket.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/** Real keys and real signed tokens for tests. Keys are generated once per JVM (RSA generation is slow). */
public final class TestTokens {
    /** A 256-bit HMAC secret. */
    public static final String SECRET = "0123456789abcdef0123456789abcdef-test-secret";

    /** Generated on first use only: RSA key generation takes a while. */
    private static final class Keys {
        static final RSAKey RSA = generateRsa("rsa-1");
        static final RSAKey OTHER_RSA = generateRsa("rsa-1");
        static final ECKey EC = generateEc("ec-1");
    }

    private TestTokens() {
    }

    public static RSAKey rsaKey() {
        return Keys.RSA;
    }

    /** Another RSA key that claims the same key id as {@link #rsaKey()}. */
    public static RSAKey impostorRsaKey() {
        return Keys.OTHER_RSA;
    }

    public static ECKey ecKey() {
        return Keys.EC;
    }

    /** The public JWKS document with the RSA and the EC key. */
    public static String publicJwks() {
        return new JWKSet(List.of(Keys.RSA.toPublicJWK(), Keys.EC.toPublicJWK())).toString();
    }

    /** Claims for {@code user} valid from {@code now} for {@code ttl}. */
    public static JWTClaimsSet.Builder claims(String user, Instant now, Duration ttl) {
        return new JWTClaimsSet.Builder().subject(user).issueTime(Date.from(now)).expirationTime(Date.from(now.plus(ttl)));
    }

    public static String hs256(JWTClaimsSet claims) {
        return sign(JWSAlgorithm.HS256, null, claims, macSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
    }

    /** A token for {@code user} signed with the shared test secret, valid for {@code ttl} from now. */
    public static String hs256(String user, Duration ttl) {
        return hs256(claims(user, Instant.now(), ttl).build());
    }

    public static String rs256(JWTClaimsSet claims) {
        return sign(JWSAlgorithm.RS256, Keys.RSA.getKeyID(), claims, rsaSigner(Keys.RSA));
    }

    public static String es256(JWTClaimsSet claims) {
        try {
            return sign(JWSAlgorithm.ES256, Keys.EC.getKeyID(), claims, new ECDSASigner(Keys.EC));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sign(JWSAlgorithm alg, String keyId, JWTClaimsSet claims, JWSSigner signer) {
        JWSHeader.Builder header = new JWSHeader.Builder(alg);
        if (keyId != null) {
            header.keyID(keyId);
        }
        SignedJWT jwt = new SignedJWT(header.build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    public static JWSSigner macSigner(byte[] secret) {
        try {
            return new MACSigner(secret);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JWSSigner rsaSigner(RSAKey key) {
        try {
            return new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code header.payload.} with {@code alg: none}. */
    public static String unsigned(String algName, JWTClaimsSet claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString(("{\"alg\":\"" + algName + "\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }

    private static RSAKey generateRsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey generateEc(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
