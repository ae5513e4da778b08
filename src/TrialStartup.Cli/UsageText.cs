namespace TrialStartup.Cli;

/// <summary>The help text, kept in one place so <c>--help</c>, usage errors and the tests agree.</summary>
internal static class UsageText
{
    public const string Text =
        """
        trialstartup: check, draw and try out clinical-trial start-up workflow definitions and their calendars

        usage:
          trialstartup validate <definition-file | calendar-file | folder>
              Checks definition files (a folder: every definition in it, the calendars in its calendars/
              subfolder, and that no id and version is published twice with different content).
              Prints one line per problem (file:line: step 'id': message).
              example: trialstartup validate workflows/

          trialstartup diagram <definition-file>
              Prints the definition as a Mermaid flowchart: parallel branches as subgraphs, revision loops
              as dotted edges.
              example: trialstartup diagram workflows/standard-site-startup.yaml > standard.mmd

          trialstartup simulate <definition-file> [options]
              Runs an in-memory instance from start to end and prints its events. Tasks take the scripted
              outcome for their step, else their first outcome that is not a revision.
              example: trialstartup simulate workflows/standard-site-startup.yaml --decide ethics-review=approve-after-modifications --decide ethics-modification-check=confirmed
            options:
              --facts k=v[,k=v...]                   project facts (required facts not given are assumed and noted)
              --decide step=outcome[;fact=value...]  a scripted decision; repeatable, used in order per step
              --signal name                          a signal delivered right after start; repeatable, in order,
                                                     each one a new publication (suspend, resume, suspend again)
              --calendar id                          the working-day calendar in <definition folder>/calendars
                                                     (default: the only one there, else cn-mainland)
              --start yyyy-MM-ddTHH:mm+hh:mm         when the instance starts (default: 2026-03-02T09:00+08:00)
              --format text|json                     one line per event as text (default) or as JSON

          trialstartup calendar <calendar-file> --year <yyyy>
              Prints one year of a working-day calendar month by month, each day marked working, weekend,
              holiday from a notice in the file (N), make-up working day (W), or, in a year after the last
              notice, day off by the calendar's rule (R, provisional); then the year's working days.
              example: trialstartup calendar workflows/calendars/cn-mainland.yaml --year 2027

          trialstartup forecast backtest [options]
              Asks a running host for the activation forecast's calibration on the token's institution: each
              activated project forecast again as of its submission and halfway, from the history of that time;
              how often the p80 date held and the p50's median error. The token of a person of the institution
              is read from TRIALSTARTUP_TOKEN (see the README on signing in for an API token).
              example: TRIALSTARTUP_TOKEN=... trialstartup forecast backtest --from 2026-01-01
            options:
              --url http(s)://host                   the host (default: http://localhost:5000)
              --from yyyy-MM-dd, --to yyyy-MM-dd     only projects activated in this period (institution's calendar)
              --runs n                               simulated runs per forecast (100 to 10000; default 500)
              --format text|json                     a table (default) or the API's JSON as it came

          trialstartup white-paper --year yyyy [options]
              Asks a running host for the year's start-up white paper of the token's institution, or of its
              regional authority's region, and writes it to a file: the figures against the published anchors,
              their distribution, step turnaround against targets, who held the work, quarterly trends, the green
              channel and recognition, and the forecast backtest, stamped with the data's state. The token of a
              person of the institution or the authority is read from TRIALSTARTUP_TOKEN.
              example: TRIALSTARTUP_TOKEN=... trialstartup white-paper --year 2026 --language en
            options:
              --url http(s)://host                   the host (default: http://localhost:5000)
              --format pdf|html|json                 the printed paper (default), one HTML page, or its figures
              --language zh-CN|en                    the paper's language (default: zh-CN)
              --out file                             where to write it (default: the name the host gives,
                                                     such as white-paper-bj-lead-2026-zh-CN.pdf)

          trialstartup --help
              Prints this text.

        exit codes: 0 ok; 1 problems found, decision refused, simulation stuck or the host refused; 2 usage error (also a year the
        calendar does not cover)
        """;
}
