package dev.walguard.http;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/** The management interface of the running test application: health, metrics and /report. */
public final class Management {

    private Management() {}

    /** The port it listens on: Quarkus publishes the free port it took for {@code quarkus.management.test-port=0}. */
    public static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }

    /** RestAssured's {@code given()}, on the management port. */
    public static RequestSpecification given() {
        return RestAssured.given().port(port());
    }
}
