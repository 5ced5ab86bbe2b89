/// The version of this build, as `interloan --version`, `GET /health` and the release package's name give it.
public enum InterloanVersion {
    public static let current = "0.1.0"
}
