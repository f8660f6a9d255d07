/// The entries of one block, taken one by one so that whatever is left over can be reported.
struct Attributes {
    private var entries: [String: KeyValueFile.Entry] = [:]
    /// The line of every key given, taken or not.
    private var lines: [String: Int] = [:]
    private var order: [String] = []
    private(set) var duplicates: Set<Int> = []
    private var duplicateEntries: [KeyValueFile.Entry] = []
    let blockLine: Int

    init(_ block: KeyValueFile.Block) {
        blockLine = block.line
        for entry in block.entries {
            if entries[entry.key] != nil {
                duplicates.insert(entry.line)
                duplicateEntries.append(entry)
            } else {
                entries[entry.key] = entry
                lines[entry.key] = entry.line
                order.append(entry.key)
            }
        }
    }

    /// Removes and returns the value of `key`.
    mutating func take(_ key: String) -> String? {
        entries.removeValue(forKey: key)?.value
    }

    /// The line of `key`, or of the block header when the key is absent.
    func line(of key: String) -> Int {
        lines[key] ?? blockLine
    }

    /// The keys not yet taken that start with `prefix`, in file order.
    func keys(withPrefix prefix: String) -> [String] {
        order.filter { $0.hasPrefix(prefix) && entries[$0] != nil }
    }

    /// The entries nobody took, and the repeated ones, in file order.
    var remaining: [KeyValueFile.Entry] {
        (order.compactMap { entries[$0] } + duplicateEntries).sorted { $0.line < $1.line }
    }
}
