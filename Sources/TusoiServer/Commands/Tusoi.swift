/// The `tusoi` command line: picks a subcommand and runs it.
public enum Tusoi {
    static let usage = """
        tusoi: a chat bot for the "Tự soi, tự sửa" self-review

        Usage:
          tusoi chat  [--db PATH] [--user NAME] [--prompts DIR] [--questionnaire ID]
                      a self-review in this terminal (quit any time; run again to continue)
          tusoi serve [--db PATH | --store URL [--shared-store]] [--prompts DIR] [--questionnaire ID]
                      the JSON-lines server for a messenger bridge (see docs/PROTOCOL.md);
                      --shared-store: one of several on one PostgreSQL store
          tusoi check FILE...
                      check questionnaire files and print every problem with its line
          tusoi graph FILE [--format mermaid|dot|svg] [--output PATH]
                      draw the questionnaire's flow (SVG needs Graphviz's dot)
          tusoi preview FILE [--lang en] [--prompts DIR]
                      walk through a questionnaire in this terminal; nothing is stored
          tusoi branch add CODE "NAME" [--committee "NAME"] [--db PATH]
          tusoi member add --branch CODE --name "NAME" [--role member|facilitator|committee]
                      [--born DATE] [--unit "WORKPLACE"]
          tusoi member import FILE.csv        (columns: name,branch,role,phone,email,born,unit)
          tusoi member list [--branch CODE] [--json]
                      each member's number in the chat, role, linked accounts and usable code
          tusoi member unlink ID [--channel NAME]
                      unbind a member's messenger accounts (a lost phone) and void their codes
          tusoi invite --branch CODE [--days 14] [--json]
          tusoi invite --member ID [--reissue] [--days 14] [--json]
                      the roster: once a member is registered, only members who sent their invite
                      code may chat with the bot; a new code voids the member's earlier ones, and
                      --reissue links another account (a new phone) to a member who has one
          tusoi campaign open CODE "TITLE" --until DATE [--from DATE] [--branches CODE,...]
                      [--questionnaire ID] [--remind-after DAYS] [--remind-before DAYS]
          tusoi campaign close CODE | tusoi campaign list [--json]
                      a campaign (đợt): one questionnaire for some branches between two dates
          tusoi audit [--limit N] [--member ID] [--branch CODE] [--action NAME] [--refused | --allowed] [--json]
                      who pulled, returned, exported or redeemed what, from which account, and
                      what was refused
          tusoi progress [--branch CODE] [--json]
                      who has not started, who is in progress (how far), who has submitted
          tusoi export (--member "NAME" | --branch CODE | --campaign CODE) [--format md|html|csv|json]
                       [--output FILE] [--lang en] [--drafts]
                      the submitted self-reviews for the branch meeting (--drafts: those not
                      submitted too); html is the printable paper form (every export is audited)
          tusoi meeting --branch CODE [--campaign CODE] [--output FILE] [--lang en]
                      the branch meeting's packet: agenda, each submitted self-review in short,
                      the feedback each member received (and from whom), feedback to the chi ủy,
                      blanks for the meeting's conclusion (audited; drafts named only)
          tusoi report [--committee "NAME"] [--campaign CODE] [--format text|html|json] [--output FILE]
                      the committee's summary: status per branch, manifestations named, ratings
          tusoi migrate-store --from FILE.sqlite --to postgresql://…
                      move a ward's store into an empty PostgreSQL store (every row, with its id)
          tusoi help | --help | --version

        The store is --db PATH (SQLite) or --store postgresql://… (PostgreSQL), else $TUSOI_STORE,
        else $TUSOI_DB, else ./tusoi.sqlite (created owner-only).
        The prompts are --prompts DIR, else $TUSOI_PROMPTS, else ./Prompts or the package's Prompts.
        """

    /// Runs the command line `arguments` (without the program name) and returns the exit code.
    public static func main(_ arguments: [String], environment: [String: String]) -> Int32 {
        guard let command = arguments.first else {
            return ChatCommand.run(Arguments([]), environment: environment).rawValue
        }
        let rest = Arguments(Array(arguments.dropFirst()))
        if command != "campaign", arguments.dropFirst().contains(where: { $0 == "--help" || $0 == "-h" }),
            let help = help(for: command)
        {
            print(help)
            return ExitCode.success.rawValue
        }
        let code: ExitCode
        switch command {
        case "chat":
            code = ChatCommand.run(rest, environment: environment)
        case "serve":
            code = ServeCommand.run(rest, environment: environment)
        case "check":
            code = CheckCommand.run(rest)
        case "branch":
            code = BranchCommand.run(rest, environment: environment)
        case "member":
            code = MemberCommand.run(rest, environment: environment)
        case "invite":
            code = InviteCommand.run(rest, environment: environment)
        case "progress":
            code = ProgressCommand.run(rest, environment: environment)
        case "export":
            code = ExportCommand.run(rest, environment: environment)
        case "campaign":
            code = CampaignCommand.run(rest, environment: environment)
        case "audit":
            code = AuditCommand.run(rest, environment: environment)
        case "report":
            code = ReportCommand.run(rest, environment: environment)
        case "meeting":
            code = MeetingCommand.run(rest, environment: environment)
        case "migrate-store":
            code = MigrateStoreCommand.run(rest, environment: environment)
        case "graph":
            code = GraphCommand.run(rest)
        case "preview":
            code = PreviewCommand.run(rest, environment: environment)
        case "help", "--help", "-h":
            print(usage)
            code = .success
        case "--version", "version":
            print("tusoi \(Version.current)")
            code = .success
        default:
            Log.error("unknown command \"\(command)\"\n\n\(usage)")
            code = .usage
        }
        return code.rawValue
    }

    /// The lines of the usage about one command, with the notes on the store and the prompts.
    static func help(for command: String) -> String? {
        var lines: [Substring] = []
        var inside = false
        for line in usage.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  tusoi ") {
                inside = line.hasPrefix("  tusoi \(command) ") || line == "  tusoi \(command)"
            } else if !line.hasPrefix("      ") {
                inside = false
            }
            if inside { lines.append(line) }
        }
        guard !lines.isEmpty else { return nil }
        let notes = usage.split(separator: "\n").filter {
            $0.hasPrefix("The store is") || $0.hasPrefix("The prompts are")
        }
        return "Usage:\n" + (lines + [""] + notes).joined(separator: "\n")
    }

    /// Reports a usage error the same way for every command.
    static func usageFailure(_ error: UsageError) -> ExitCode {
        Log.error("\(error.message)\n\n\(usage)")
        return .usage
    }
}
