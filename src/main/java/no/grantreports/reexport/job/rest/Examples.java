package no.grantreports.reexport.job.rest;

/** OpenAPI examples, copied from the public contract (report-reexports.contract.txt). */
final class Examples {

    private Examples() {
    }

    static final String LIST_RESPONSE = """
            {
              "data": [
                {
                  "reexport_id": "reexp_01KA2L5P6Q7R8S9T0U1V2W3X",
                  "report_id": "rpt_01HX9K2M3N4P5Q6R7S8T9U0V",
                  "org_id": "org_bufdir_oslo_42",
                  "status": "completed",
                  "export_params": {
                    "format": "xlsx",
                    "include_annexes": true,
                    "locale": "nb-NO"
                  },
                  "output_file_ref": "reports/org_bufdir_oslo_42/reexports/rpt_01HX9K2M_reexport_20260326.xlsx",
                  "requested_by": "user_09AXKL2",
                  "requested_at": "2026-03-26T09:00:00Z",
                  "completed_at": "2026-03-26T09:02:15Z",
                  "notified": true
                }
              ],
              "pagination": {
                "page": 1,
                "limit": 20,
                "total": 1
              }
            }""";

    static final String GET_RESPONSE = """
            {
              "reexport_id": "reexp_01KA2L5P6Q7R8S9T0U1V2W3X",
              "report_id": "rpt_01HX9K2M3N4P5Q6R7S8T9U0V",
              "org_id": "org_bufdir_oslo_42",
              "status": "completed",
              "export_params": {
                "format": "xlsx",
                "include_annexes": true,
                "locale": "nb-NO"
              },
              "output_file_ref": "reports/org_bufdir_oslo_42/reexports/rpt_01HX9K2M_reexport_20260326.xlsx",
              "output_file_size_bytes": 215040,
              "requested_by": "user_09AXKL2",
              "requested_at": "2026-03-26T09:00:00Z",
              "completed_at": "2026-03-26T09:02:15Z",
              "notified": true,
              "error_message": null,
              "error_code": null,
              "attempts": 1
            }""";

    static final String CREATE_REQUEST = """
            {
              "report_id": "rpt_01HX9K2M3N4P5Q6R7S8T9U0V",
              "export_params": {
                "format": "xlsx",
                "include_annexes": true,
                "locale": "nb-NO"
              },
              "notify_on_completion": true
            }""";

    static final String CREATE_RESPONSE = """
            {
              "reexport_id": "reexp_02KB3M6Q7R8S9T0U1V2W3X4Y",
              "report_id": "rpt_01HX9K2M3N4P5Q6R7S8T9U0V",
              "org_id": "org_bufdir_oslo_42",
              "status": "pending",
              "export_params": {
                "format": "xlsx",
                "include_annexes": true,
                "locale": "nb-NO"
              },
              "output_file_ref": null,
              "requested_by": "user_09AXKL2",
              "requested_at": "2026-03-26T12:00:00Z",
              "completed_at": null,
              "notified": false
            }""";

    static final String UPDATE_REQUEST = """
            {
              "status": "completed",
              "output_file_ref": "reports/org_bufdir_oslo_42/reexports/rpt_01HX9K2M_reexport_20260326.xlsx",
              "output_file_size_bytes": 215040,
              "completed_at": "2026-03-26T12:02:30Z",
              "notified": true
            }""";

    static final String UPDATE_RESPONSE = """
            {
              "reexport_id": "reexp_02KB3M6Q7R8S9T0U1V2W3X4Y",
              "report_id": "rpt_01HX9K2M3N4P5Q6R7S8T9U0V",
              "org_id": "org_bufdir_oslo_42",
              "status": "completed",
              "export_params": {
                "format": "xlsx",
                "include_annexes": true,
                "locale": "nb-NO"
              },
              "output_file_ref": "reports/org_bufdir_oslo_42/reexports/rpt_01HX9K2M_reexport_20260326.xlsx",
              "output_file_size_bytes": 215040,
              "requested_by": "user_09AXKL2",
              "requested_at": "2026-03-26T12:00:00Z",
              "completed_at": "2026-03-26T12:02:30Z",
              "notified": true,
              "error_message": null,
              "error_code": null,
              "attempts": 1
            }""";

    static final String CANCEL_RESPONSE = """
            {
              "reexport_id": "reexp_02KB3M6Q7R8S9T0U1V2W3X4Y",
              "cancelled": true,
              "cancelled_at": "2026-03-26T12:01:00Z"
            }""";
}
