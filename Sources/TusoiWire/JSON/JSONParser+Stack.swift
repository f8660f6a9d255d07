// The parser's internals, nested here so that their short names cannot collide with other types.
extension JSONParser {
    /// The offset at which a number lexeme stopped following the grammar.
    struct NumberFault: Error, Equatable {
        var offset: Int
    }

    /// Byte constants used by the parser.
    enum Byte {
        static let tab = UInt8(ascii: "\t")
        static let lineFeed = UInt8(ascii: "\n")
        static let carriageReturn = UInt8(ascii: "\r")
        static let space = UInt8(ascii: " ")
        static let quote = UInt8(ascii: "\"")
        static let backslash = UInt8(ascii: "\\")
        static let slash = UInt8(ascii: "/")
        static let comma = UInt8(ascii: ",")
        static let colon = UInt8(ascii: ":")
        static let openBracket = UInt8(ascii: "[")
        static let closeBracket = UInt8(ascii: "]")
        static let openBrace = UInt8(ascii: "{")
        static let closeBrace = UInt8(ascii: "}")
        static let minus = UInt8(ascii: "-")
        static let plus = UInt8(ascii: "+")
        static let dot = UInt8(ascii: ".")
        static let zero = UInt8(ascii: "0")
        static let one = UInt8(ascii: "1")
        static let nine = UInt8(ascii: "9")
        static let lowerE = UInt8(ascii: "e")
        static let upperE = UInt8(ascii: "E")
        static let lowerU = UInt8(ascii: "u")
    }

    /// One open array or object while parsing.
    struct Frame {
        /// Whether the container is an object (otherwise an array).
        var isObject: Bool
        /// Where this container's values start on the shared value stack.
        var valueStart: Int
        /// Where this object's keys start on the shared key stack.
        var keyStart: Int
    }

    /// An object key waiting for its object to close, with the byte offset of its opening quote.
    struct Key {
        var text: String
        var offset: Int
    }

    /// A growable stack over caller-provided storage that moves to the heap when it runs out of room.
    ///
    /// Elements can be moved out without reference-count traffic. The stack deinitializes what it still
    /// holds when it goes away, also when parsing stops with an error.
    struct Stack<Element>: ~Copyable {
        private var base: UnsafeMutablePointer<Element>
        private var capacity: Int
        private var ownsStorage: Bool
        /// The number of elements on the stack.
        private(set) var count = 0

        /// Creates an empty stack that first uses `storage`, which must stay valid while the stack lives.
        init(storage: UnsafeMutableBufferPointer<Element>) {
            if let start = storage.baseAddress, storage.count > 0 {
                base = start
                capacity = storage.count
                ownsStorage = false
            } else {
                base = UnsafeMutablePointer<Element>.allocate(capacity: 16)
                capacity = 16
                ownsStorage = true
            }
        }

        deinit {
            base.deinitialize(count: count)
            if ownsStorage {
                base.deallocate()
            }
        }

        /// The topmost element, if any.
        var last: Element? {
            count > 0 ? base[count - 1] : nil
        }

        /// A copy of the element at `position`.
        subscript(position: Int) -> Element {
            base[position]
        }

        /// The address of the element at `position`, for moving it out and back in.
        func address(_ position: Int) -> UnsafeMutablePointer<Element> {
            base + position
        }

        /// Pushes `element`, growing the storage when it is full.
        @inline(__always)
        mutating func push(_ element: consuming Element) {
            if count == capacity {
                grow()
            }
            (base + count).initialize(to: element)
            count += 1
        }

        /// Removes and deinitializes the top `number` elements.
        mutating func removeLast(_ number: Int) {
            count -= number
            (base + count).deinitialize(count: number)
        }

        /// Forgets the top `number` elements, which the caller has already moved out.
        mutating func forgetLast(_ number: Int) {
            count -= number
        }

        /// Moves the elements from `start` to the top into a new array, removing them from the stack.
        mutating func moveToArray(from start: Int) -> [Element] {
            let moved = count - start
            let source = base + start
            let result = [Element](unsafeUninitializedCapacity: moved) { buffer, initialized in
                if let destination = buffer.baseAddress {
                    destination.moveInitialize(from: source, count: moved)
                    initialized = moved
                }
            }
            if result.count < moved {
                // Only an empty range leaves elements behind; release whatever was not moved.
                (source + result.count).deinitialize(count: moved - result.count)
            }
            count = start
            return result
        }

        /// Moves the elements to storage twice as large on the heap.
        private mutating func grow() {
            let newCapacity = capacity * 2
            let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
            newBase.moveInitialize(from: base, count: count)
            if ownsStorage {
                base.deallocate()
            }
            base = newBase
            capacity = newCapacity
            ownsStorage = true
        }
    }

}
