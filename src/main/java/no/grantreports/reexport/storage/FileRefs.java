package no.grantreports.reexport.storage;

import java.util.List;

/** The shape every file ref must have, whatever the store: relative, slash-separated, no way out. */
public final class FileRefs {

    private FileRefs() {
    }

    public static String check(String ref) {
        if (!isValid(ref)) {
            throw new IllegalArgumentException("Invalid file ref: " + ref);
        }
        return ref;
    }

    public static boolean isValid(String ref) {
        return ref != null && !ref.isBlank() && !ref.startsWith("/") && !ref.contains("\\") && ref.indexOf('\0') < 0
                && List.of(ref.split("/", -1)).stream().noneMatch(part -> part.isEmpty() || part.equals(".") || part.equals(".."));
    }

    /** Where the files of one organisation live; a job's file must be under its organisation's folder. */
    public static String organisationFolder(String orgId) {
        return "reports/" + orgId + "/";
    }
}
