// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "tusoi",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tusoi", targets: ["tusoi"]),
        .executable(name: "tusoi-telegram", targets: ["tusoi-telegram"]),
        .executable(name: "tusoi-zalo", targets: ["tusoi-zalo"]),
        .executable(name: "tusoi-bridge", targets: ["tusoi-bridge"]),
    ],
    targets: [
        // The system SQLite, reached through a module map; the only target that links it.
        .systemLibrary(
            name: "CSQLite",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        // The system libcurl, for the bridges' HTTP; the only target that links it.
        .systemLibrary(
            name: "CCurl",
            providers: [.apt(["libcurl4-openssl-dev"]), .brew(["curl"])]
        ),
        // The system libpq, for the PostgreSQL store; the only target that links it.
        .systemLibrary(
            name: "CPostgres",
            providers: [.apt(["libpq-dev"]), .brew(["libpq"])]
        ),
        // The system zlib, for the store's long texts (replies, submitted versions) kept deflated.
        .systemLibrary(
            name: "CZlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        // The pure core: questionnaires, answer matching, the conversation reducer. No I/O, no clock.
        .target(name: "TusoiEngine"),
        // The wire: JSON (one reader, one writer) and the protocol's types, shared by the bot and the
        // bridges so that the format is written once.
        .target(name: "TusoiWire"),
        // The durable record: sessions, messages and answers in SQLite, or in PostgreSQL.
        .target(name: "TusoiStore", dependencies: ["TusoiEngine", "CSQLite", "CPostgres", "CZlib"]),
        // The edges: the JSON-lines protocol, the run loop, the terminal chat, the commands.
        .target(name: "TusoiServer", dependencies: ["TusoiEngine", "TusoiStore", "TusoiWire"]),
        // A thin executable that only wires the commands together.
        .executableTarget(name: "tusoi", dependencies: ["TusoiServer"]),
        // The bridges' shared machinery: the bot as a supervised child, delivery under the messengers'
        // limits, HTTP. It speaks only the protocol (the wire), so it depends on nothing of the bot.
        .target(name: "TusoiBridge", dependencies: ["TusoiWire", "CCurl"]),
        .executableTarget(name: "tusoi-telegram", dependencies: ["TusoiBridge"]),
        .executableTarget(name: "tusoi-zalo", dependencies: ["TusoiBridge"]),
        // Both messengers over one bot (one store, one `tusoi serve`).
        .executableTarget(name: "tusoi-bridge", dependencies: ["TusoiBridge"]),
        // What the tests share: reading a child process's pipes without dispatch sources; a seeded
        // random generator; temporary folders removed when the tests end.
        .target(name: "TusoiTestSupport", path: "Tests/Support"),
        .testTarget(name: "TusoiEngineTests", dependencies: ["TusoiEngine", "TusoiTestSupport"]),
        .testTarget(name: "TusoiWireTests", dependencies: ["TusoiWire"]),
        .testTarget(name: "TusoiStoreTests", dependencies: ["TusoiStore", "TusoiTestSupport"]),
        .testTarget(
            name: "TusoiServerTests",
            // The end-to-end tests drive the built `tusoi` binary through real pipes.
            dependencies: ["TusoiServer", "tusoi", "TusoiTestSupport"],
            exclude: ["Golden", "Fixtures"]
        ),
        .testTarget(
            name: "TusoiBridgeTests",
            // The end-to-end tests run the built bridges and `tusoi serve` against fake messenger APIs.
            dependencies: [
                "TusoiBridge", "tusoi-telegram", "tusoi-zalo", "tusoi-bridge", "tusoi", "TusoiTestSupport",
            ]
        ),
    ]
)
