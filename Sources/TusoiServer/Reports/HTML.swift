import TusoiEngine

/// The language a report is written in: the bot's own `Language` (`.vi`, `.en`), so that a report can
/// follow the language of the session or of the command that asked for it.
public typealias ReportLanguage = Language

/// HTML escaping, and a small builder in which text can only enter markup escaped.
///
/// Tag and attribute names are `StaticString`s, so they come from the code, never from a member; text
/// and attribute values always go through `escape(_:)` / `escapeAttribute(_:)`. Attributes that can
/// run code or load something (`on…`, `href`, `src`, `style`…) are refused outright, so a value such
/// as `javascript:…` can never become a link.
public enum HTML {
    /// Escapes text for element content: `& < > " '` become entities; characters that XML does not
    /// allow (most C0 controls, U+FFFE, U+FFFF) become U+FFFD, so the result is also valid inside SVG.
    public static func escape(_ text: String) -> String {
        escape(text, attribute: false)
    }

    /// Escapes an attribute value (to be written between double quotes): as `escape(_:)`, and tab,
    /// line feed and carriage return are written as character references so they survive.
    public static func escapeAttribute(_ value: String) -> String {
        escape(value, attribute: true)
    }

    private static func escape(_ text: String, attribute: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r":
                out += attribute ? "&#\(scalar.value);" : String(scalar)
            default:
                let value = scalar.value
                let allowed = value >= 0x20 && value != 0xFFFE && value != 0xFFFF
                out.unicodeScalars.append(allowed ? scalar : "\u{FFFD}")
            }
        }
        return out
    }

    /// A complete standalone HTML5 document: UTF-8, inline CSS only, and a content security policy
    /// that forbids scripts and any external resource.
    /// - Parameters:
    ///   - language: the document's `lang`.
    ///   - title: the `<title>`, escaped.
    ///   - style: the stylesheet; static, so that it is always the code's own.
    ///   - body: the content of `<body>`.
    public static func document(
        language: ReportLanguage, title: String, style: StaticString, body: [Fragment]
    ) -> String {
        let head: [Fragment] = [
            .void("meta", [Attribute("charset", "utf-8")]),
            Fragment(
                unchecked: "<meta http-equiv=\"Content-Security-Policy\" "
                    + "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"),
            .void(
                "meta",
                [Attribute("name", "viewport"), Attribute("content", "width=device-width, initial-scale=1")]),
            .element("title", text: title),
            Fragment(unchecked: "<style>\n\(style)</style>"),
        ]
        var out = "<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\">\n<head>\n"
        out += head.map(\.markup).joined(separator: "\n")
        out += "\n</head>\n<body>\n"
        out += body.map(\.markup).joined()
        out += "</body>\n</html>\n"
        return out
    }

    /// A piece of markup built only from escaped text and the code's own tags and attribute names.
    public struct Fragment: Sendable, Equatable, CustomStringConvertible {
        /// The markup, ready to be written out.
        public let markup: String

        /// Markup the code vouches for (an SVG chart it drew, a fixed stylesheet); never member text.
        init(unchecked markup: String) {
            self.markup = markup
        }

        public var description: String { markup }

        /// Nothing.
        public static let empty = Fragment(unchecked: "")

        /// Text, escaped.
        public static func text(_ text: String) -> Fragment {
            Fragment(unchecked: HTML.escape(text))
        }

        /// An element with children. Block-level elements are followed by a line break, so that the
        /// output reads (and diffs) line by line.
        public static func element(
            _ name: StaticString, _ attributes: [Attribute] = [], _ children: [Fragment] = []
        ) -> Fragment {
            let tag = HTML.checkedName(name)
            var out = "<" + tag + attributes.map(\.markup).joined() + ">"
            for child in children { out += child.markup }
            out += "</" + tag + ">"
            if HTML.blockElements.contains(tag) { out += "\n" }
            return Fragment(unchecked: out)
        }

        /// An element without attributes.
        public static func element(_ name: StaticString, _ children: [Fragment]) -> Fragment {
            element(name, [Attribute](), children)
        }

        /// An element whose only child is text, escaped.
        public static func element(
            _ name: StaticString, _ attributes: [Attribute] = [], text: String
        ) -> Fragment {
            element(name, attributes, [.text(text)])
        }

        /// A void element (`meta`, `br`): no children, no closing tag.
        public static func void(_ name: StaticString, _ attributes: [Attribute] = []) -> Fragment {
            Fragment(unchecked: "<" + HTML.checkedName(name) + attributes.map(\.markup).joined() + ">")
        }

        /// The two fragments one after the other.
        public static func + (lhs: Fragment, rhs: Fragment) -> Fragment {
            Fragment(unchecked: lhs.markup + rhs.markup)
        }
    }

    /// An attribute: a name from the code and a value that is always escaped.
    public struct Attribute: Sendable, Equatable {
        public let name: String
        public let value: String

        /// - Precondition: `name` is a plain attribute name that neither runs code nor loads a
        ///   resource (not `on…`, `href`, `src`, `style`, …).
        public init(_ name: StaticString, _ value: String) {
            let name = HTML.checkedName(name)
            precondition(HTML.isInert(attribute: name), "attribute \(name) could run code or load a resource")
            self.name = name
            self.value = value
        }

        var markup: String { " \(name)=\"\(HTML.escapeAttribute(value))\"" }
    }

    /// Attribute names refused by `Attribute`: URLs, inline style, `http-equiv` (a refresh is a redirect);
    /// event handlers (`on…`) are refused by prefix.
    static let dangerousAttributes: Set<String> = [
        "href", "xlink:href", "src", "srcset", "srcdoc", "action", "formaction", "data", "style",
        "background", "poster", "codebase", "manifest", "ping", "http-equiv",
    ]

    static func isInert(attribute name: String) -> Bool {
        let lower = name.lowercased()
        return !lower.hasPrefix("on") && !dangerousAttributes.contains(lower)
    }

    /// Elements followed by a line break in the output.
    static let blockElements: Set<String> = [
        "article", "div", "footer", "g", "h1", "h2", "h3", "header", "li", "main", "ol", "p", "section",
        "svg", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    ]

    /// The name, if it is a plain ASCII name (letters, digits, `-`, `:`), starting with a letter.
    static func checkedName(_ name: StaticString) -> String {
        let text = name.description
        let valid =
            text.first.map { $0.isASCII && $0.isLetter } == true
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ":") }
        precondition(valid, "not a plain element or attribute name: \(text)")
        return text
    }
}
