package com.ccgateway.emulator;

/** Guids are bearer credentials: the emulator shows only the node suffix, never the secret part. */
final class GuidMask {

    private GuidMask() {
    }

    static String mask(String guid) {
        if (guid == null) {
            return null;
        }
        int node = guid.lastIndexOf('.');
        return node < 0 ? "****" : "****" + guid.substring(node);
    }
}
