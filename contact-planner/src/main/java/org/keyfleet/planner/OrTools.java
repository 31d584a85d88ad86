package org.keyfleet.planner;

import com.google.ortools.Loader;

/** Loads the OR-Tools native libraries once per JVM (about a second the first time). */
final class OrTools {

    private static volatile boolean loaded;

    private OrTools() {
    }

    static void load() {
        if (!loaded) {
            synchronized (OrTools.class) {
                if (!loaded) {
                    Loader.loadNativeLibraries();
                    loaded = true;
                }
            }
        }
    }
}
