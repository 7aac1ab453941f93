package no.grantreports.reexport.testsupport;

import no.grantreports.reexport.job.ReexportIds;

/** Job ids for rows that tests insert themselves, from one generator so they sort by creation. */
public final class TestIds {

    private static final ReexportIds IDS = new ReexportIds();

    private TestIds() {
    }

    public static String next() {
        return IDS.next();
    }
}
