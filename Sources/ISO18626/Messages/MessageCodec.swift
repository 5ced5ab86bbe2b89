import InterloanXML

/// Reads ISO 18626 messages of v1.2 or 2021-2 and writes v1.2.
///
/// Reading is parse (`XMLReader`, which refuses DTDs), validation against the official schema of the announced
/// version (`SchemaValidator`), then the typed message. Harmless real-world quirks are accepted: zone offsets
/// without a colon, an empty or missing `multipleItemRequestId`, an unqualified `version` or `scheme` attribute,
/// a message element sent without the `ISO18626Message` envelope or in no namespace, empty optional elements and
/// `scheme` attributes, identifier pairs in either order (docs/iso18626.md lists them with their senders). Everything else gets the ERROR a peer expects.
public struct MessageCodec: Sendable {
    /// The XML reader the codec parses with, for benchmarks that compare against the bare parse.
    public let reader: XMLReader
    private let writer = XMLWriter(attributePrefixes: [ISOProtocol.namespace: "ill"])

    public init() {
        self.reader = XMLReader(knownNames: CompiledSchemas.allNames)
    }

    /// The message in `bytes`.
    public func decode(_ bytes: [UInt8]) throws(ISO18626Error) -> ISO18626Message {
        let (_, envelope) = try self.validatedEnvelope(bytes)
        guard let message = envelope.children.first else {
            throw ISO18626Error(.badlyFormedMessage, "ISO18626Message holds no message")
        }
        return try ISO18626Message(message)
    }

    /// The envelope read from `bytes`, checked against its schema and normalised, with the version it announced.
    public func validatedEnvelope(_ bytes: [UInt8]) throws(ISO18626Error) -> (SchemaVersion, XMLNode) {
        var root: XMLNode
        do {
            root = try self.reader.parse(bytes)
        } catch {
            throw ISO18626Error(.badlyFormedMessage, "not well-formed XML: \(error)")
        }
        guard root.name == "ISO18626Message" || ISO18626Message.elementNames.contains(root.name) else {
            throw ISO18626Error(.badlyFormedMessage, "the root element is \(root.name), not ISO18626Message")
        }
        if root.namespace.isEmpty {
            // Some senders write no namespace at all (Index Data's illmock documents its requests so); the element
            // names are ISO 18626's, so the namespace is.
            root.adoptNamespace(ISOProtocol.namespace)
        }
        guard root.namespace == ISOProtocol.namespace else {
            let namespace = root.namespace.isEmpty ? "no namespace" : "namespace \(root.namespace)"
            throw ISO18626Error(
                .badlyFormedMessage, "the root element \(root.name) is in \(namespace), not \(ISOProtocol.namespace)")
        }
        // The tree is moved, never shared, so that validation can normalise it in place without copying it.
        let isBare = root.name != "ISO18626Message"
        var envelope = consume root
        if isBare {
            envelope = XMLNode(
                namespace: ISOProtocol.namespace, name: "ISO18626Message",
                attributes: [
                    XMLAttribute(namespace: ISOProtocol.namespace, name: "version", value: ISOProtocol.emittedVersion)
                ],
                children: [envelope])
        }
        let version = SchemaVersion(announced: envelope.attribute("version"))
        let schema = version.schema
        guard let declaration = schema.elements["ISO18626Message"] else {
            throw ISO18626Error(.badlyFormedMessage, "the schema has no ISO18626Message")
        }
        let validated = try SchemaValidator(schema: schema)
            .validate(consume envelope, as: declaration, path: "ISO18626Message")
        return (version, validated)
    }

    /// `message` as a v1.2 document.
    public func encode(_ message: ISO18626Message) -> [UInt8] {
        var writer = XMLStreamWriter(
            rootName: "ISO18626Message", namespace: ISOProtocol.namespace, prefix: "ill",
            attributes: [("version", ISOProtocol.emittedVersion)])
        message.write(to: &writer)
        return writer.finish()
    }

    /// A validated v1.2 envelope written back out, announcing v1.2.
    public func encode(envelope: XMLNode) -> [UInt8] {
        guard let message = envelope.children.first else { return self.encode(envelopeOf: envelope) }
        return self.encode(envelopeOf: message)
    }

    private func encode(envelopeOf message: XMLNode) -> [UInt8] {
        let envelope = XMLNode(
            namespace: ISOProtocol.namespace, name: "ISO18626Message",
            attributes: [
                XMLAttribute(namespace: ISOProtocol.namespace, name: "version", value: ISOProtocol.emittedVersion)
            ],
            children: [message])
        return self.writer.document(envelope)
    }
}
