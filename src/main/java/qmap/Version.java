package qmap;

/** qmap's version, written into every model and package it produces. */
public final class Version {
    public static final String VERSION = "0.1.0";

    private Version() {
    }
}
