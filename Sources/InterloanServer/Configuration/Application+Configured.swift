import Vapor

extension Application {
    /// A shared service `configure(_:)` put in the application's storage; reading it earlier is a programming
    /// error, not a condition to handle.
    func configured<Key: StorageKey>(_ key: Key.Type) -> Key.Value {
        guard let value = self.storage[key] else {
            fatalError("configure(_:) sets up \(Key.Value.self) before anything uses it")
        }
        return value
    }
}
