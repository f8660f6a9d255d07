import Foundation

/// A `multipart/form-data` body, for uploading a file (Telegram's `sendDocument`).
struct Multipart {
    let boundary: String
    private(set) var body = Data()

    init(boundary: String = "tusoi-" + UUID().uuidString) {
        self.boundary = boundary
    }

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    mutating func field(_ name: String, _ value: String) {
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n".utf8))
        body.append(Data(value.utf8))
        body.append(Data("\r\n".utf8))
    }

    /// A file part; the name is sent as UTF-8 (Vietnamese names stay readable), without quotes or
    /// line breaks that would end the header.
    mutating func file(_ name: String, filename: String, mediaType: String, contents: Data) {
        let safeName = String(filename.map { "\"\\\r\n".contains($0) ? "_" : $0 })
        let safeType = String(mediaType.filter { !"\r\n".contains($0) })
        body.append(
            Data(
                ("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(safeName)\"\r\n"
                    + "Content-Type: \(safeType)\r\n\r\n").utf8))
        body.append(contents)
        body.append(Data("\r\n".utf8))
    }

    /// The body with its closing boundary.
    func finished() -> Data {
        body + Data("--\(boundary)--\r\n".utf8)
    }
}
