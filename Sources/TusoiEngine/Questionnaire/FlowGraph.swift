import Foundation

/// Draws a questionnaire's flow for organisers: Mermaid text (for Markdown viewers) or Graphviz DOT.
///
/// Questions are boxes in asking order, grouped by section; a question asked only under a condition
/// gets the condition on its incoming arrow and a dotted arrow from each question the condition reads.
public enum FlowGraph {
    public enum Format: String, Sendable {
        case mermaid
        case dot
    }

    public static func render(_ questionnaire: Questionnaire, format: Format, language: Language = .vi)
        -> String
    {
        var nodes: [String: String] = [:]
        for (position, question) in questionnaire.questions.enumerated() {
            nodes[question.id] = "q\(position)"
        }
        func label(_ question: Question) -> String {
            var kind = question.kind.rawValue
            if question.isGroupMore { kind = "repeat?" }
            if let source = question.forEach { kind += ", for each \(source)" }
            if let group = question.group, !question.isGroupMore { kind += ", group \(group)" }
            let title = question.text.text(language)
            let short = title.count > 48 ? String(title.prefix(47)) + "…" : title
            return escape("\(question.id) [\(kind)]\n\(short)", format)
        }
        var lines: [String] = []
        switch format {
        case .mermaid: lines.append("flowchart TD")
        case .dot:
            lines.append("digraph \"\(questionnaire.id)\" {\n  rankdir=TB; node [shape=box, fontsize=10];")
        }
        for (index, section) in questionnaire.sections.enumerated() {
            let title = escape(section.title.text(language), format)
            switch format {
            case .mermaid: lines.append("  subgraph s\(index)[\"\(title)\"]")
            case .dot: lines.append("  subgraph cluster_\(index) { label=\"\(title)\";")
            }
            for question in section.questions {
                let node = nodes[question.id] ?? question.id
                switch format {
                case .mermaid: lines.append("    \(node)[\"\(label(question))\"]")
                case .dot: lines.append("    \(node) [label=\"\(label(question))\"];")
                }
            }
            lines.append(format == .mermaid ? "  end" : "  }")
        }
        var previous: String?
        for section in questionnaire.sections {
            for question in section.questions {
                let node = nodes[question.id] ?? question.id
                let condition = [section.condition, question.condition].compactMap { $0 }
                    .map(\.description).joined(separator: " and ")
                if let previous {
                    lines.append(
                        edge(previous, node, label: condition.isEmpty ? nil : "when " + condition, format))
                }
                for source in Set(
                    ([section.condition, question.condition].compactMap { $0 }).flatMap(\.questions)
                )
                .sorted() {
                    if let from = nodes[source] { lines.append(dotted(from, node, format)) }
                }
                if let source = question.forEach, let from = nodes[source] {
                    lines.append(dotted(from, node, format))
                }
                previous = node
            }
        }
        if format == .dot { lines.append("}") }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func edge(_ from: String, _ to: String, label: String?, _ format: Format) -> String {
        switch format {
        case .mermaid:
            guard let label else { return "  \(from) --> \(to)" }
            return "  \(from) -->|\"\(escape(label, format))\"| \(to)"
        case .dot:
            guard let label else { return "  \(from) -> \(to);" }
            return "  \(from) -> \(to) [label=\"\(escape(label, format))\"];"
        }
    }

    private static func dotted(_ from: String, _ to: String, _ format: Format) -> String {
        format == .mermaid ? "  \(from) -.-> \(to)" : "  \(from) -> \(to) [style=dotted];"
    }

    private static func escape(_ text: String, _ format: Format) -> String {
        switch format {
        case .mermaid:
            return text.replacingOccurrences(of: "\"", with: "#quot;").replacingOccurrences(
                of: "\n", with: "<br/>")
        case .dot:
            return text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
                of: "\"", with: "\\\""
            )
            .replacingOccurrences(of: "\n", with: "\\n")
        }
    }
}
