extension JSONParser {
    /// The mutable state of one parse: the input, the position, and the stacks of open containers.
    struct Core: ~Copyable {
        let pointer: UnsafePointer<UInt8>
        let count: Int
        let maxDepth: Int
        var index = 0
        /// The open arrays and objects, innermost last.
        var frames: Stack<Frame>
        /// The keys of all open objects; each frame owns the ones from its `keyStart` up to the next frame's.
        var keys: Stack<Key>
        /// The finished values of all open containers; each frame owns the ones from its `valueStart`.
        var values: Stack<JSONValue>
        /// The decoded bytes of a string that contains escapes.
        var scratch: [UInt8] = []

        init(
            pointer: UnsafePointer<UInt8>,
            count: Int,
            maxDepth: Int,
            frames: consuming Stack<Frame>,
            keys: consuming Stack<Key>,
            values: consuming Stack<JSONValue>
        ) {
            self.pointer = pointer
            self.count = count
            self.maxDepth = maxDepth
            self.frames = frames
            self.keys = keys
            self.values = values
        }

        // MARK: Structure

        /// Parses the whole input as exactly one value surrounded by optional whitespace.
        mutating func parseDocument() throws(JSONParseError) -> JSONValue {
            parsing: while true {
                skipWhitespace()
                guard index < count else {
                    throw fail(.unexpectedEnd, at: count)
                }
                var value: JSONValue
                let byte = pointer[index]
                switch byte {
                case Byte.openBrace:
                    try checkDepth()
                    index += 1
                    skipWhitespace()
                    if index < count, pointer[index] == Byte.closeBrace {
                        index += 1
                        value = .object([:])
                    } else {
                        frames.push(Frame(isObject: true, valueStart: values.count, keyStart: keys.count))
                        try parseKeyAndColon()
                        continue parsing
                    }
                case Byte.openBracket:
                    try checkDepth()
                    index += 1
                    skipWhitespace()
                    if index < count, pointer[index] == Byte.closeBracket {
                        index += 1
                        value = .array([])
                    } else {
                        frames.push(Frame(isObject: false, valueStart: values.count, keyStart: keys.count))
                        continue parsing
                    }
                case Byte.quote:
                    value = .string(try parseString())
                case UInt8(ascii: "t"):
                    try expectLiteral("true")
                    value = .bool(true)
                case UInt8(ascii: "f"):
                    try expectLiteral("false")
                    value = .bool(false)
                case UInt8(ascii: "n"):
                    try expectLiteral("null")
                    value = .null
                case Byte.minus, Byte.zero...Byte.nine:
                    value = try parseNumber()
                case Byte.plus, Byte.dot:
                    throw fail(.invalidNumber, at: index)
                case UInt8(ascii: "N"), UInt8(ascii: "I"):
                    if hasPrefix("NaN") || hasPrefix("Infinity") {
                        throw fail(.invalidNumber, at: index)
                    }
                    throw unexpected(at: index)
                default:
                    throw unexpected(at: index)
                }

                // A value is complete: attach it to the innermost container, closing containers as they end.
                while true {
                    guard let top = frames.last else {
                        skipWhitespace()
                        if index < count {
                            if pointer[index] >= 0x80, !isValidSequence(at: index) {
                                throw fail(.invalidUTF8, at: index)
                            }
                            throw fail(.trailingCharacters, at: index)
                        }
                        return value
                    }
                    values.push(consume value)
                    skipWhitespace()
                    guard index < count else {
                        throw fail(.unexpectedEnd, at: count)
                    }
                    let next = pointer[index]
                    if next == Byte.comma {
                        index += 1
                        if top.isObject {
                            skipWhitespace()
                            try parseKeyAndColon()
                        }
                        continue parsing
                    }
                    if top.isObject, next == Byte.closeBrace {
                        index += 1
                        value = try closeObject()
                    } else if !top.isObject, next == Byte.closeBracket {
                        index += 1
                        value = closeArray()
                    } else {
                        throw unexpected(at: index)
                    }
                }
            }
        }

        /// Throws `tooDeep` when opening one more container would exceed the limit.
        @inline(__always)
        func checkDepth() throws(JSONParseError) {
            if frames.count >= maxDepth {
                throw fail(.tooDeep(maxDepth), at: index)
            }
        }

        /// Parses an object key, checks it against the object's other keys, and consumes the colon after it.
        mutating func parseKeyAndColon() throws(JSONParseError) {
            guard index < count else {
                throw fail(.unexpectedEnd, at: count)
            }
            guard pointer[index] == Byte.quote else {
                throw unexpected(at: index)
            }
            let keyOffset = index
            keys.push(Key(text: try parseString(), offset: keyOffset))
            skipWhitespace()
            guard index < count else {
                throw fail(.unexpectedEnd, at: count)
            }
            guard pointer[index] == Byte.colon else {
                throw unexpected(at: index)
            }
            index += 1
        }

        /// Pops the innermost object and builds its dictionary from the shared stacks.
        ///
        /// Duplicate keys are found here, as a side effect of building the dictionary, rather than as each key
        /// is read; ``fail(_:at:)`` keeps the reported error the first one in input order regardless.
        mutating func closeObject() throws(JSONParseError) -> JSONValue {
            guard let frame = frames.last else {
                return .null
            }
            let memberCount = values.count - frame.valueStart
            var members = [String: JSONValue](minimumCapacity: memberCount)
            // Keys and values are moved, not copied, into the dictionary.
            for member in 0..<memberCount {
                let key = keys.address(frame.keyStart + member).move()
                let value = values.address(frame.valueStart + member).move()
                if members.updateValue(value, forKey: key.text) != nil {
                    // Refill the slots moved out so far so that every slot below the tops stays initialized;
                    // the placeholder offset keeps `fail` from scanning this object, whose first duplicate
                    // this is. The key text went into the dictionary, so it is decoded again from the input.
                    values.address(frame.valueStart).initialize(repeating: .null, count: member + 1)
                    let placeholder = Key(text: "", offset: .max)
                    keys.address(frame.keyStart).initialize(repeating: placeholder, count: member + 1)
                    index = key.offset
                    let text = (try? parseString()) ?? ""
                    throw fail(.duplicateKey(text), at: key.offset)
                }
            }
            values.forgetLast(memberCount)
            keys.forgetLast(memberCount)
            frames.forgetLast(1)
            return .object(members)
        }

        /// Pops the innermost array and builds it from the shared value stack.
        mutating func closeArray() -> JSONValue {
            guard let frame = frames.last else {
                return .null
            }
            frames.forgetLast(1)
            return .array(values.moveToArray(from: frame.valueStart))
        }
    }
}
