import Foundation
import InterloanXML
import NCIP
import Testing

/// Each request Interloan sends, read back: the elements in the schema's order with the values given, the
/// `version` attribute in the NCIP namespace. CI checks every one kept here with xmllint against the schema.
@Suite struct NCIPEncoderTests {
    static let header = NCIPHeader(
        fromAgencyId: "Interloan", toAgencyId: "ALDF", authentication: "s3cret-key", applicationProfileType: "ILL")
    static let due = Date(timeIntervalSince1970: 1_798_000_000)

    static let requests: [(String, NCIPRequest)] = [
        ("lookup-user", .lookupUser(patronId: "P 1001")),
        (
            "accept-item",
            .acceptItem(
                NCIPAcceptedItem(
                    requestId: "IL-7Q2", itemBarcode: "IL-7Q2", patronId: "P 1001", title: "Tides & <Currents>",
                    author: "Marlow, Ada", dateForReturn: Self.due, pickupLocation: "Alder Falls Public Library"))
        ),
        (
            "accept-item-minimal",
            .acceptItem(NCIPAcceptedItem(requestId: "IL-7Q3", itemBarcode: "IL-7Q3", patronId: "P 1002", title: "T"))
        ),
        ("check-out-item", .checkOutItem(patronId: "ILL-LENDING", itemBarcode: "31234000123456", requestId: "IL-7Q2")),
        ("check-out-item-minimal", .checkOutItem(patronId: "ILL-LENDING", itemBarcode: "3123", requestId: nil)),
        ("check-in-item", .checkInItem(itemBarcode: "31234000123456")),
        ("delete-item", .deleteItem(itemBarcode: "IL-7Q2")),
        ("authenticate-user", .authenticateUser(barcode: "21234000555", pin: "4<8&2")),
    ]

    static func service(_ bytes: [UInt8]) throws -> XMLNode {
        let root = try XMLReader().parse(bytes)
        #expect(root.name == "NCIPMessage")
        #expect(root.namespace == NCIPEncoder.namespace)
        let version = try #require(root.attributes.first { $0.name == "version" })
        #expect(version.namespace == NCIPEncoder.namespace, "the schema qualifies attributes")
        #expect(root.children.count == 1)
        return root.children[0]
    }

    @Test(arguments: Self.requests.map(\.0))
    func everyRequestIsKeptForTheSchemaCheck(_ name: String) throws {
        let request = try #require(Self.requests.first { $0.0 == name }?.1)
        let bytes = NCIPEncoder.encode(request, header: Self.header)
        let service = try Self.service(bytes)
        #expect(service.name == request.service.rawValue)
        let header = try #require(service.child("InitiationHeader"))
        #expect(
            header.children.map(\.name) == [
                "FromAgencyId", "FromAgencyAuthentication", "ToAgencyId", "ApplicationProfileType",
            ])
        #expect(header.child("ToAgencyId")?.child("AgencyId")?.text == "ALDF")
        try NCIPFixtures.keepEmitted(bytes, name: "emitted-\(name).xml")
    }

    @Test func lookupUserAsksForNameAddressesAndBlocks() throws {
        let service = try Self.service(NCIPEncoder.encode(.lookupUser(patronId: "P 1001"), header: Self.header))
        #expect(
            service.children.map(\.name) == [
                "InitiationHeader", "UserId", "UserElementType", "UserElementType", "UserElementType",
            ])
        #expect(service.child("UserId")?.child("UserIdentifierValue")?.text == "P 1001")
        #expect(
            service.children("UserElementType").map(\.text) == [
                "Name Information", "User Address Information", "Block Or Trap",
            ])
    }

    @Test func aPatronsSignInIsALookupByBarcodeAndPIN() throws {
        let request = NCIPRequest.authenticateUser(barcode: "21234000555", pin: "4<8&2")
        #expect(request.service == .lookupUser)
        let service = try Self.service(NCIPEncoder.encode(request, header: Self.header))
        #expect(
            service.children.map(\.name) == [
                "InitiationHeader", "AuthenticationInput", "AuthenticationInput", "UserElementType",
                "UserElementType", "UserElementType",
            ])
        let inputs = service.children("AuthenticationInput")
        #expect(inputs.map { $0.child("AuthenticationInputData")?.text } == ["21234000555", "4<8&2"])
        #expect(inputs.map { $0.child("AuthenticationInputType")?.text } == ["Barcode Id", "PIN"])
        #expect(inputs.allSatisfy { $0.child("AuthenticationDataFormatType")?.text == "text/plain" })
    }

    @Test func acceptItemCarriesTheLoanInTheSchemasOrder() throws {
        let service = try Self.service(NCIPEncoder.encode(Self.requests[1].1, header: Self.header))
        #expect(
            service.children.map(\.name) == [
                "InitiationHeader", "RequestId", "RequestedActionType", "UserId", "ItemId", "DateForReturn",
                "ItemOptionalFields", "PickupLocation",
            ])
        #expect(service.child("RequestId")?.child("RequestIdentifierValue")?.text == "IL-7Q2")
        #expect(service.child("ItemId")?.child("ItemIdentifierValue")?.text == "IL-7Q2")
        #expect(service.child("DateForReturn")?.text == "2026-12-23T04:26:40Z")
        let description = service.child("ItemOptionalFields")?.child("BibliographicDescription")
        #expect(
            description?.child("Title")?.text == "Tides & <Currents>", "escaped on the way out, whole on the way in")
        #expect(description?.child("Author")?.text == "Marlow, Ada")
        #expect(service.child("PickupLocation")?.text == "Alder Falls Public Library")
    }

    @Test func withoutASecretOrProfileTheHeaderOmitsThem() throws {
        let header = NCIPHeader(fromAgencyId: "Interloan", toAgencyId: "ALDF")
        let service = try Self.service(NCIPEncoder.encode(.checkInItem(itemBarcode: "3123"), header: header))
        #expect(service.child("InitiationHeader")?.children.map(\.name) == ["FromAgencyId", "ToAgencyId"])
        #expect(service.children.map(\.name) == ["InitiationHeader", "ItemId"])
    }

    @Test func checkOutItemNamesThePatronBeforeTheItem() throws {
        let service = try Self.service(NCIPEncoder.encode(Self.requests[3].1, header: Self.header))
        #expect(service.children.map(\.name) == ["InitiationHeader", "UserId", "ItemId", "RequestId"])
        #expect(service.child("UserId")?.child("UserIdentifierValue")?.text == "ILL-LENDING")
    }
}
