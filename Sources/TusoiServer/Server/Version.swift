/// The version of tusoi, reported in the handshake.
public enum Version {
    public static let current = "0.1.0"
}
