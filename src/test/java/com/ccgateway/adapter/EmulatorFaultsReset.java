package com.ccgateway.adapter;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** After each test, the test stack's emulator answers without the faults that test added. */
final class EmulatorFaultsReset implements AfterEachCallback {

    @Override
    public void afterEach(ExtensionContext context) {
        HttpTestClient.emulator().delete("/emulator/faults");
    }
}
