import Foundation
import NCIP
import Testing

/// Real answers of other implementations, read; and what is refused, each with an error naming the problem.
@Suite struct NCIPDecoderTests {
    static let toolkit = "samples/xc-ncip-toolkit/"

    static func decode(_ path: String, _ service: NCIPService) throws -> NCIPResponse {
        try NCIPDecoder.decode(try NCIPFixtures.bytes(path), answering: service)
    }

    static func decode(text: String, _ service: NCIPService) throws(NCIPError) -> NCIPResponse {
        try NCIPDecoder.decode(Array(text.utf8), answering: service)
    }

    static func message(_ body: String, namespace: String = "http://www.niso.org/2008/ncip") -> String {
        #"<?xml version="1.0"?><NCIPMessage xmlns="\#(namespace)">\#(body)</NCIPMessage>"#
    }

    @Test func checkOutItemResponseGivesTheDateDueWithMilliseconds() throws {
        let response = try Self.decode(Self.toolkit + "core-ncipv2_01_CheckOutItemResponse.xml", .checkOutItem)
        #expect(response.succeeded)
        #expect(response.dateDue == Date(timeIntervalSince1970: 1_290_097_023.291))
        #expect(response.dayDue == "2010-11-18")
    }

    @Test func theDayDueIsTheDayTheILSWroteNotTheDayInUTC() throws {
        let body = Self.message(
            "<CheckOutItemResponse><DateDue>2026-12-31T23:30:00-05:00</DateDue></CheckOutItemResponse>")
        let response = try NCIPDecoder.decode(Array(body.utf8), answering: .checkOutItem)
        #expect(response.dayDue == "2026-12-31")
        #expect(response.dateDue == Date(timeIntervalSince1970: 1_798_777_800))
    }

    @Test func acceptAndCheckInSuccessesCarryNoProblem() throws {
        let accepted = try Self.decode(Self.toolkit + "core-ncipv2_01_AcceptItemResponseSample1.xml", .acceptItem)
        #expect(accepted.succeeded && accepted.problems.isEmpty)
        let checkedIn = try Self.decode(Self.toolkit + "core-ncipv2_01_CheckInItemResponse.xml", .checkInItem)
        #expect(checkedIn.succeeded && checkedIn.problems.isEmpty)
    }

    @Test func problemsInsideTheResponseAreAllRead() throws {
        let response = try Self.decode(Self.toolkit + "core-ncipv2_01_AcceptItemResponseSample2.xml", .acceptItem)
        #expect(!response.succeeded)
        #expect(response.problems.map(\.type) == ["Agency Authentication Failed", "Needed Data Missing"])
        #expect(response.problems[1].element == "InitiationHeader/FromAgencyId")
    }

    @Test func aProblemWithoutAResponseElementIsReadWithCRLFLineEnds() throws {
        let unknown = try Self.decode(Self.toolkit + "core-ncipv2_01_ProblemResponseSample2.xml", .lookupUser)
        #expect(unknown.service == nil && !unknown.succeeded)
        #expect(unknown.problems.first?.type == "Unknown Agency")
        #expect(unknown.problems.first?.detail == #"No agency with id "123456" found."#)
        let failure = try Self.decode(
            Self.toolkit + "core-ncipv2_01_GeneralProcessingErrorResponseSample1.xml", .checkInItem)
        #expect(failure.problems.map(\.type) == ["Temporary Processing Failure"])
    }

    @Test func aProblemInTheDefaultNamespaceWithoutVersionIsRead() throws {
        let response = try Self.decode("samples/vufind/parseproblem.xml", .lookupUser)
        #expect(
            response.problems == [
                NCIPProblem(
                    type: "Needed Data Missing", detail: "UserId or AuthenticationInput must be provided.",
                    element: "LookupUser")
            ])
    }

    @Test func kohaLookupUserDeclaresWindows1252ButIsReadAsTheUTF8ItHolds() throws {
        let response = try Self.decode(Self.toolkit + "koha3xx_response_user-ext-notloanable.xml", .lookupUser)
        #expect(response.patron?.name == "Mr Dan Němec")
        #expect(response.patron?.email == "kozlovsky@mzk.cz")
        #expect(response.patron?.blocks == [])
    }

    @Test func alephLookupUserGivesSurnameAndMailserverAddress() throws {
        let response = try Self.decode(Self.toolkit + "aleph22_response_user-lookup-by-UserId.xml", .lookupUser)
        #expect(response.patron?.name == "Pokus1 Přijmení")
        #expect(response.patron?.email == "test@mzk.cz")
    }

    @Test func blocksAndAnUnstructuredNameAreRead() throws {
        let response = try Self.decode(
            text: Self.message(
                """
                <LookupUserResponse><UserOptionalFields><NameInformation><PersonalNameInformation>\
                <UnstructuredPersonalUserName> Ada Marlow </UnstructuredPersonalUserName></PersonalNameInformation>\
                </NameInformation><BlockOrTrap><AgencyId>ALDF</AgencyId><BlockOrTrapType>Unpaid fines</BlockOrTrapType>\
                </BlockOrTrap><BlockOrTrap><AgencyId>ALDF</AgencyId><BlockOrTrapType>Expired card</BlockOrTrapType>\
                </BlockOrTrap></UserOptionalFields></LookupUserResponse>
                """), .lookupUser)
        #expect(
            response.patron == NCIPPatron(name: "Ada Marlow", email: nil, blocks: ["Unpaid fines", "Expired card"]))
    }

    @Test func trueWindows1252BytesAreTranscoded() throws {
        let head = """
            <?xml version="1.0" encoding="windows-1252"?><NCIPMessage xmlns="http://www.niso.org/2008/ncip">\
            <LookupUserResponse><UserOptionalFields><NameInformation><PersonalNameInformation>\
            <UnstructuredPersonalUserName>Jos
            """
        let tail = """
            </UnstructuredPersonalUserName></PersonalNameInformation></NameInformation></UserOptionalFields>\
            </LookupUserResponse></NCIPMessage>
            """
        // 0xE9 is é in windows-1252, and no UTF-8.
        let response = try NCIPDecoder.decode(Array(head.utf8) + [0xE9] + Array(tail.utf8), answering: .lookupUser)
        #expect(response.patron?.name == "José")
    }

    @Test func anotherEncodingThatIsNotUTF8IsRefused() {
        let bytes = Array(#"<?xml version="1.0" encoding="Shift_JIS"?><NCIPMessage>"#.utf8) + [0x82, 0xA0]
        #expect(throws: NCIPError("the answer is in shift_jis, which Interloan does not read; ask for UTF-8")) {
            try NCIPDecoder.decode(bytes, answering: .lookupUser)
        }
    }

    @Test func answersThatAreAlreadyDoneCountAsDone() throws {
        func answer(_ service: NCIPService, _ type: String) throws -> Bool {
            try Self.decode(
                text: Self.message(
                    "<\(service.responseName)><Problem><ProblemType>\(type)</ProblemType></Problem></\(service.responseName)>"
                ),
                service
            ).succeeded
        }
        #expect(try answer(.checkInItem, "Item Not Checked Out"))
        #expect(try answer(.acceptItem, "Duplicate Item"))
        #expect(try answer(.deleteItem, "Unknown Item"))
        #expect(try !answer(.checkInItem, "Unknown Item"))
        #expect(try !answer(.checkOutItem, "User Blocked"))
    }

    @Test(arguments: [
        (
            "<!DOCTYPE NCIPMessage [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><NCIPMessage xmlns=\"http://www.niso.org/2008/ncip\"/>",
            "not well-formed"
        ),
        ("<NCIPMessage xmlns=\"urn:other\"><CheckInItemResponse/></NCIPMessage>", "not an NCIP 2 NCIPMessage"),
        ("<ISO18626Message xmlns=\"http://www.niso.org/2008/ncip\"/>", "root is ISO18626Message"),
        ("<NCIPMessage xmlns=\"http://www.niso.org/2008/ncip\"/>", "empty"),
        (
            "<NCIPMessage xmlns=\"http://www.niso.org/2008/ncip\"><CheckOutItemResponse/></NCIPMessage>",
            "expected CheckInItemResponse"
        ),
        (
            "<NCIPMessage xmlns=\"http://www.niso.org/2008/ncip\"><CheckInItemResponse/><CheckInItemResponse/></NCIPMessage>",
            "expected CheckInItemResponse"
        ),
        (
            "<NCIPMessage xmlns=\"http://www.niso.org/2008/ncip\"><Problem><ProblemDetail>x</ProblemDetail></Problem></NCIPMessage>",
            "no ProblemType"
        ),
        ("not xml at all", "not well-formed"),
    ])
    func malformedAnswersAreRefusedNamingTheProblem(_ text: String, _ named: String) {
        #expect {
            try Self.decode(text: text, .checkInItem)
        } throws: { error in
            (error as? NCIPError)?.description.contains(named) == true
        }
    }

    @Test func aDateDueThatIsNoDateIsRefused() {
        #expect(throws: NCIPError("DateDue is not a date and time: soon")) {
            try Self.decode(
                text: Self.message("<CheckOutItemResponse><DateDue>soon</DateDue></CheckOutItemResponse>"),
                .checkOutItem)
        }
    }

    @Test func aRequestIsNoAnswer() {
        #expect(throws: NCIPError("expected AcceptItemResponse, found AcceptItem")) {
            try Self.decode("samples/folio-mod-ncip/acceptItem.xml", .acceptItem)
        }
    }
}
