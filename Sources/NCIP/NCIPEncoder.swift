import Foundation
import InterloanXML

/// Writes NCIP 2.02 requests valid against the official schema: elements in the NCIP namespace by default, and the
/// `version` attribute qualified (the schema qualifies attributes too, which peers often miss).
public enum NCIPEncoder {
    public static let namespace = "http://www.niso.org/2008/ncip"
    public static let version = "http://www.niso.org/schemas/ncip/v2_02/ncip_v2_02.xsd"

    /// The message for `request`, from and to the agencies of `header`.
    public static func encode(_ request: NCIPRequest, header: NCIPHeader) -> [UInt8] {
        var writer = XMLStreamWriter(
            rootName: "NCIPMessage", namespace: Self.namespace, prefix: "ncip",
            attributes: [(name: "version", value: Self.version)])
        let service = request.service.rawValue
        writer.open(service)
        self.write(header, to: &writer)
        switch request {
        case .lookupUser(let patronId):
            self.writeUserId(patronId, agency: header.toAgencyId, to: &writer)
            self.writeUserElementTypes(to: &writer)
        case .authenticateUser(let barcode, let pin):
            // The AuthenticationInputType values of NCIP's own scheme, as ILS responders match them.
            self.writeAuthenticationInput(barcode, type: "Barcode Id", to: &writer)
            self.writeAuthenticationInput(pin, type: "PIN", to: &writer)
            self.writeUserElementTypes(to: &writer)
        case .acceptItem(let item):
            self.writeRequestId(item.requestId, agency: header.fromAgencyId, to: &writer)
            writer.element("RequestedActionType", "Hold For Pickup")
            self.writeUserId(item.patronId, agency: header.toAgencyId, to: &writer)
            self.writeItemId(item.itemBarcode, agency: header.toAgencyId, to: &writer)
            writer.element("DateForReturn", date: item.dateForReturn)
            writer.open("ItemOptionalFields")
            writer.open("BibliographicDescription")
            writer.element("Author", optional: item.author)
            writer.element("Title", item.title)
            writer.close("BibliographicDescription")
            writer.close("ItemOptionalFields")
            writer.element("PickupLocation", optional: item.pickupLocation)
        case .checkOutItem(let patronId, let itemBarcode, let requestId):
            self.writeUserId(patronId, agency: header.toAgencyId, to: &writer)
            self.writeItemId(itemBarcode, agency: header.toAgencyId, to: &writer)
            if let requestId { self.writeRequestId(requestId, agency: header.fromAgencyId, to: &writer) }
        case .checkInItem(let itemBarcode), .deleteItem(let itemBarcode):
            self.writeItemId(itemBarcode, agency: header.toAgencyId, to: &writer)
        }
        writer.close(service)
        return writer.finish()
    }

    private static func write(_ header: NCIPHeader, to writer: inout XMLStreamWriter) {
        writer.open("InitiationHeader")
        writer.open("FromAgencyId")
        writer.element("AgencyId", header.fromAgencyId)
        writer.close("FromAgencyId")
        writer.element("FromAgencyAuthentication", optional: header.authentication)
        writer.open("ToAgencyId")
        writer.element("AgencyId", header.toAgencyId)
        writer.close("ToAgencyId")
        writer.element("ApplicationProfileType", optional: header.applicationProfileType)
        writer.close("InitiationHeader")
    }

    private static func writeUserElementTypes(to writer: inout XMLStreamWriter) {
        for element in ["Name Information", "User Address Information", "Block Or Trap"] {
            writer.element("UserElementType", element)
        }
    }

    private static func writeAuthenticationInput(_ value: String, type: String, to writer: inout XMLStreamWriter) {
        writer.open("AuthenticationInput")
        writer.element("AuthenticationInputData", value)
        writer.element("AuthenticationDataFormatType", "text/plain")
        writer.element("AuthenticationInputType", type)
        writer.close("AuthenticationInput")
    }

    private static func writeUserId(_ value: String, agency: String, to writer: inout XMLStreamWriter) {
        self.writeIdentifier("UserId", "UserIdentifierValue", value, agency: agency, to: &writer)
    }

    private static func writeItemId(_ value: String, agency: String, to writer: inout XMLStreamWriter) {
        self.writeIdentifier("ItemId", "ItemIdentifierValue", value, agency: agency, to: &writer)
    }

    private static func writeRequestId(_ value: String, agency: String, to writer: inout XMLStreamWriter) {
        self.writeIdentifier("RequestId", "RequestIdentifierValue", value, agency: agency, to: &writer)
    }

    private static func writeIdentifier(
        _ element: String, _ valueElement: String, _ value: String, agency: String, to writer: inout XMLStreamWriter
    ) {
        writer.open(element)
        writer.element("AgencyId", agency)
        writer.element(valueElement, value)
        writer.close(element)
    }
}
