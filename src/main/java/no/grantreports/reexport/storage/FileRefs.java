package no.grantreports.reexport.storage;

import java.util.List;

/** The shape every file ref must have, whatever the store: relative, slash-separated, no way out. */
public final class FileRefs {

    private FileRefs() {
    }

    public static String check(String ref) {
        if (ref == null || ref.isBlank() || ref.startsWith("/") || ref.contains("\\") || ref.indexOf('\0') >= 0
                || List.of(ref.split("/", -1)).stream().anyMatch(part -> part.isEmpty() || part.equals(".") || part.equals(".."))) {
            throw new IllegalArgumentException("Invalid file ref: " + ref);
        }
        return ref;
    }
}
