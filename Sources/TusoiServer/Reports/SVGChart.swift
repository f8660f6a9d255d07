import TusoiEngine

/// Charts drawn by the project itself, as inline SVG: no library, no script, no external resource.
///
/// The output is deterministic: coordinates are written with at most two decimals and a `.`
/// whatever the locale; every text is escaped; each chart is an `<svg role="img">` with an
/// `aria-label` and a `<title>`, so that a screen reader names it. The SVG also stands alone (it
/// carries its `xmlns`).
public enum SVGChart {
    /// One bar: a label and a value (negative and non-finite values are drawn as zero).
    public struct Bar: Sendable, Equatable {
        public var label: String
        public var value: Double

        public init(_ label: String, _ value: Double) {
            self.label = label
            self.value = value
        }
    }

    /// One part of a stacked bar: its name in the legend and its fill colour (`#rrggbb`).
    public struct Series: Sendable, Equatable {
        public var label: String
        public var color: String

        public init(_ label: String, color: String) {
            self.label = label
            self.color = color
        }
    }

    /// One stacked bar: a label and one count per series, in the order of the series (missing
    /// counts are zero, extra ones are ignored, negative ones are drawn as zero).
    public struct StackedRow: Sendable, Equatable {
        public var label: String
        public var values: [Int]

        public init(_ label: String, _ values: [Int]) {
            self.label = label
            self.values = values
        }
    }

    /// Labels longer than this are cut with an ellipsis; the full label stays in the row's `<title>`.
    static let maxLabelCharacters = 32
    /// An estimate of the width of a character at the chart's font size, for laying out columns.
    static let characterWidth = 7.0
    static let margin = 8.0
    static let gap = 8.0
    static let rowHeight = 24.0
    static let barHeight = 14.0
    static let barColor = "#4a6fa5"
    /// The narrowest bar area: a chart wider than asked is better than a chart without bars.
    static let minimumBarArea = 80.0

    /// A horizontal bar chart: one row per bar, bars scaled to the largest value, the value printed
    /// at the end of each bar.
    /// - Parameters:
    ///   - bars: the rows, top to bottom.
    ///   - title: what the chart shows, for `aria-label` and `<title>`.
    ///   - valueSuffix: printed after each value (`"%"`, `" người"`).
    ///   - width: the width of the chart in pixels.
    ///   - language: for the decimal separator of printed values.
    ///   - noData: the note drawn when there is nothing to chart (from the bot's wording).
    /// - Returns: the `<svg>` element.
    public static func horizontalBars(
        _ bars: [Bar], title: String, valueSuffix: String = "", width: Int = 640,
        language: ReportLanguage = .vi, noData: String
    ) -> String {
        guard !bars.isEmpty else { return empty(title: title, width: width, note: noData) }
        let values = bars.map { sanitized($0.value) }
        let texts = values.map { number($0, separator: separator(language)) + valueSuffix }
        let labelWidth = labelColumnWidth(bars.map(\.label))
        let valueWidth = Double(texts.map(\.count).max() ?? 0) * characterWidth + gap
        let barX = margin + labelWidth
        let barArea = max(Double(width) - 2 * margin - labelWidth - valueWidth, minimumBarArea)
        let totalWidth = barX + barArea + valueWidth + margin
        let height = 2 * margin + Double(bars.count) * rowHeight
        let largest = values.max() ?? 0

        var rows: [HTML.Fragment] = []
        for (index, bar) in bars.enumerated() {
            let top = margin + Double(index) * rowHeight
            let length = largest > 0 ? values[index] / largest * barArea : 0
            rows.append(
                .element(
                    "g", [HTML.Attribute("class", "row")],
                    [
                        .element("title", text: "\(bar.label): \(texts[index])"),
                        labelText(bar.label, right: barX - gap, top: top),
                        .element(
                            "rect",
                            [
                                HTML.Attribute("class", "bar"), HTML.Attribute("x", number(barX)),
                                HTML.Attribute("y", number(top + (rowHeight - barHeight) / 2)),
                                HTML.Attribute("width", number(length)),
                                HTML.Attribute("height", number(barHeight)),
                                HTML.Attribute("fill", barColor),
                            ]),
                        .element(
                            "text",
                            [
                                HTML.Attribute("class", "value"),
                                HTML.Attribute("x", number(barX + length + 4)),
                                HTML.Attribute("y", number(top + baseline)),
                            ], text: texts[index]),
                    ]))
        }
        return svg(title: title, width: totalWidth, height: height, rows)
    }

    /// One 100% stacked bar per row (each row's counts as shares of that row's total), with a legend
    /// above and the row's total printed at the end of its bar. A row whose total is zero is drawn as
    /// an empty outline.
    /// - Parameters:
    ///   - rows: the rows, top to bottom.
    ///   - series: the parts of each bar, left to right, with their colours.
    ///   - title: what the chart shows, for `aria-label` and `<title>`.
    ///   - width: the width of the chart in pixels.
    ///   - language: for the decimal separator of the printed shares.
    ///   - noData: the note drawn when there is nothing to chart (from the bot's wording).
    /// - Returns: the `<svg>` element.
    public static func stackedBars(
        _ rows: [StackedRow], series: [Series], title: String, width: Int = 640,
        language: ReportLanguage = .vi, noData: String
    ) -> String {
        guard !rows.isEmpty, !series.isEmpty else {
            return empty(title: title, width: width, note: noData)
        }
        let counts = rows.map { row in
            series.indices.map { max(row.values.indices.contains($0) ? row.values[$0] : 0, 0) }
        }
        let totals = counts.map { $0.reduce(0, +) }
        let labelWidth = labelColumnWidth(rows.map(\.label))
        let totalWidth = Double(totals.map { String($0).count }.max() ?? 1) * characterWidth + gap
        let barX = margin + labelWidth
        let barArea = max(Double(width) - 2 * margin - labelWidth - totalWidth, minimumBarArea)
        let chartWidth = barX + barArea + totalWidth + margin
        let (legend, legendHeight) = self.legend(series, width: chartWidth)

        var body = legend
        for (index, row) in rows.enumerated() {
            let top = margin + legendHeight + Double(index) * rowHeight
            let barY = top + (rowHeight - barHeight) / 2
            var parts: [HTML.Fragment] = [
                .element("title", text: "\(row.label): \(totals[index])"),
                labelText(row.label, right: barX - gap, top: top),
            ]
            if totals[index] == 0 {
                parts.append(
                    .element(
                        "rect",
                        [
                            HTML.Attribute("class", "empty"), HTML.Attribute("x", number(barX)),
                            HTML.Attribute("y", number(barY)), HTML.Attribute("width", number(barArea)),
                            HTML.Attribute("height", number(barHeight)), HTML.Attribute("fill", "none"),
                            HTML.Attribute("stroke", "#999999"),
                        ]))
            }
            // Edges from cumulative sums, so that the parts always add up to the whole bar.
            var running = 0
            for (part, count) in counts[index].enumerated() where totals[index] > 0 {
                let start = barX + Double(running) / Double(totals[index]) * barArea
                running += count
                let end = barX + Double(running) / Double(totals[index]) * barArea
                let share = number(
                    Double(count) * 100 / Double(totals[index]), places: 1, separator: separator(language))
                parts.append(
                    .element(
                        "rect",
                        [
                            HTML.Attribute("class", "segment"), HTML.Attribute("x", number(start)),
                            HTML.Attribute("y", number(barY)), HTML.Attribute("width", number(end - start)),
                            HTML.Attribute("height", number(barHeight)),
                            HTML.Attribute("fill", series[part].color),
                        ],
                        [.element("title", text: "\(series[part].label): \(count) (\(share)%)")]))
            }
            parts.append(
                .element(
                    "text",
                    [
                        HTML.Attribute("class", "value"), HTML.Attribute("x", number(barX + barArea + 4)),
                        HTML.Attribute("y", number(top + baseline)),
                    ], text: String(totals[index])))
            body.append(.element("g", [HTML.Attribute("class", "row")], parts))
        }
        let height = 2 * margin + legendHeight + Double(rows.count) * rowHeight
        return svg(title: title, width: chartWidth, height: height, body)
    }

    // MARK: - Pieces

    /// Where text sits in a row: its baseline, from the row's top.
    static let baseline = 16.0

    static func svg(title: String, width: Double, height: Double, _ body: [HTML.Fragment]) -> String {
        HTML.Fragment.element(
            "svg",
            [
                HTML.Attribute("xmlns", "http://www.w3.org/2000/svg"), HTML.Attribute("role", "img"),
                HTML.Attribute("aria-label", title), HTML.Attribute("width", number(width)),
                HTML.Attribute("height", number(height)),
                HTML.Attribute("viewBox", "0 0 \(number(width)) \(number(height))"),
                HTML.Attribute("font-family", "Arial, Helvetica, sans-serif"),
                HTML.Attribute("font-size", "12"),
            ],
            [.element("title", text: title)] + body
        ).markup
    }

    static func empty(title: String, width: Int, note: String) -> String {
        let text = HTML.Fragment.element(
            "text",
            [
                HTML.Attribute("class", "note"), HTML.Attribute("x", number(margin)),
                HTML.Attribute("y", number(margin + baseline)),
            ], text: note)
        return svg(title: title, width: Double(max(width, 1)), height: 2 * margin + rowHeight, [text])
    }

    static func labelText(_ label: String, right: Double, top: Double) -> HTML.Fragment {
        .element(
            "text",
            [
                HTML.Attribute("class", "label"), HTML.Attribute("x", number(right)),
                HTML.Attribute("y", number(top + baseline)), HTML.Attribute("text-anchor", "end"),
            ], text: truncated(label))
    }

    /// The legend: a swatch and a name per series, wrapped onto as many lines as the width needs.
    static func legend(_ series: [Series], width: Double) -> ([HTML.Fragment], Double) {
        var items: [HTML.Fragment] = []
        var x = margin
        var line = 0
        for item in series {
            let itemWidth = 12 + 4 + Double(item.label.count) * characterWidth + 16
            if x > margin && x + itemWidth > width - margin {
                line += 1
                x = margin
            }
            let top = margin + Double(line) * 20
            items.append(
                .element(
                    "g", [HTML.Attribute("class", "legend")],
                    [
                        .element(
                            "rect",
                            [
                                HTML.Attribute("x", number(x)), HTML.Attribute("y", number(top + 3)),
                                HTML.Attribute("width", "12"), HTML.Attribute("height", "12"),
                                HTML.Attribute("fill", item.color),
                            ]),
                        .element(
                            "text",
                            [HTML.Attribute("x", number(x + 16)), HTML.Attribute("y", number(top + 13))],
                            text: item.label),
                    ]))
            x += itemWidth
        }
        return (items, Double(line + 1) * 20 + 4)
    }

    /// The width of the label column: the longest (possibly cut) label, plus the gap to the bars.
    static func labelColumnWidth(_ labels: [String]) -> Double {
        Double(labels.map { truncated($0).count }.max() ?? 0) * characterWidth + gap
    }

    /// The label cut to `maxLabelCharacters` characters, ending with an ellipsis when it was cut.
    static func truncated(_ label: String) -> String {
        let flat = String(label.map { $0.isNewline ? " " : $0 })
        guard flat.count > maxLabelCharacters else { return flat }
        let kept = flat.prefix(maxLabelCharacters - 1)
        return String(kept.reversed().drop { $0.isWhitespace }.reversed()) + "…"
    }

    static func sanitized(_ value: Double) -> Double {
        value.isFinite && value > 0 ? value : 0
    }

    static func separator(_ language: ReportLanguage) -> Character {
        language == .vi ? "," : "."
    }

    /// A number with at most `places` decimals (0 to 6), trailing zeros dropped, no grouping, no
    /// locale: `12`, `12.5`, `0.33`. Non-finite values are written as `0`; magnitudes beyond 10^12
    /// are clamped (no count or coordinate comes near).
    static func number(_ value: Double, places: Int = 2, separator: Character = ".") -> String {
        guard value.isFinite else { return "0" }
        let places = min(max(places, 0), 6)
        var factor = 1.0
        for _ in 0..<places { factor *= 10 }
        let units = Int64((min(abs(value), 1e12) * factor).rounded())
        let scale = Int64(factor)
        var out = (value < 0 && units != 0 ? "-" : "") + String(units / scale)
        var fraction = String(units % scale)
        if fraction != "0" {
            fraction = String(repeating: "0", count: places - fraction.count) + fraction
            while fraction.last == "0" { fraction.removeLast() }
            out += String(separator) + fraction
        }
        return out
    }
}
