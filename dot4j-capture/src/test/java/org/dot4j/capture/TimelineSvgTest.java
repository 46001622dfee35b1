package org.dot4j.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dot4j.capture.TimelineTest.SECOND;
import static org.dot4j.capture.TimelineTest.T0;
import static org.dot4j.capture.TimelineTest.data;
import static org.dot4j.capture.Wire.H;
import static org.dot4j.capture.Wire.P;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The SVG a timeline writes: well-formed XML, its elements findable by class, small whatever the capture's size. */
class TimelineSvgTest {

    @TempDir
    Path dir;

    private static String svg(Timeline... timelines) throws Exception {
        StringBuilder out = new StringBuilder();
        Timeline.writeSvg(List.of(timelines), out);
        return out.toString();
    }

    /** Parses {@code svg} as XML: throws when it is not well-formed. */
    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    /** Elements whose class list holds every one of {@code classes} ("stall h2p"). */
    private static List<Element> byClass(Document doc, String classes) throws Exception {
        StringBuilder xpath = new StringBuilder("//*");
        for (String c : classes.split(" ")) {
            xpath.append("[contains(concat(' ', @class, ' '), ' ").append(c).append(" ')]");
        }
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath.toString(), doc, XPathConstants.NODESET);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    /** Elements of {@code classes} inside lanes (the legend has some too). */
    private static List<Element> inLanes(Document doc, String classes) throws Exception {
        return byClass(doc, classes).stream().filter(TimelineSvgTest::inLane).toList();
    }

    private static boolean inLane(Element e) {
        for (org.w3c.dom.Node n = e.getParentNode(); n instanceof Element p; n = p.getParentNode()) {
            if ((" " + p.getAttribute("class") + " ").contains(" lane ")) {
                return true;
            }
        }
        return false;
    }

    private static String title(Element e) {
        return e.getElementsByTagName("title").item(0).getTextContent();
    }

    /** Commands (letters) in a path's d. */
    private static long commands(Element path) {
        return path.getAttribute("d").chars().filter(Character::isLetter).count();
    }

    @Test
    void threeHundredThousandPacketsDrawUnderTwoMegabytesWithEveryPartBounded() throws Exception {
        String svg = svg(TimelineTest.bigJob());
        assertThat(svg.getBytes(StandardCharsets.UTF_8).length).isLessThan(2_000_000);
        Document doc = parse(svg);
        assertThat(doc.getDocumentElement().getElementsByTagName("title").item(0).getTextContent())
                .isEqualTo("dot4 decode timeline: big.pcapng");
        assertThat(byClass(doc, "lane")).extracting(l -> l.getAttribute("data-channel")).containsExactly("0/0", "2/2");
        assertThat(inLanes(doc, "packets h2p")).hasSize(2);
        assertThat(inLanes(doc, "packets p2h")).hasSize(2);
        List<Element> credit = inLanes(doc, "credit h2p");
        assertThat(credit).hasSize(2);
        assertThat(commands(credit.get(1))).isBetween(10L, 2L * Timeline.BINS + 2);
        List<Element> stalls = inLanes(doc, "stall h2p");
        assertThat(stalls).isNotEmpty().hasSizeLessThanOrEqualTo(Timeline.BINS);
        assertThat(title(stalls.getFirst())).startsWith("H>P on 2/2 PRINT without credit: ").contains(" stalls, ");
        assertThat(inLanes(doc, "stall p2h")).isEmpty();
        assertThat(byClass(doc, "tick")).hasSizeBetween(5, 12);
        assertThat(svg).contains(">0 s<").contains(">10 s<").contains("time since the link's first event, 2023-11-14T22:13:20Z");
    }

    @Test
    void aViolationInEveryPacketOfSixteenChannelsStillDrawsAFewMarksPerLaneUnderTwoMegabytes() throws Exception {
        Timeline t = new Timeline("hostile.pcapng", Timeline.Axis.TIME);
        for (int i = 0; i < 300_000; i++) {
            int socket = 1 + i % TimelineLink.MAX_LANES;
            t.accept(data("l", T0 + i * (10 * SECOND / 300_000), i % 2 == 0 ? H : P, socket, 100, i % 7, i % 5,
                    new Violation(Rule.DATA_WITHOUT_CREDIT, "host held 0 credit on " + socket + "/" + socket)));
        }
        String svg = svg(t);
        assertThat(svg.getBytes(StandardCharsets.UTF_8).length).isLessThan(2_000_000);
        Document doc = parse(svg);
        assertThat(byClass(doc, "lane")).hasSize(TimelineLink.MAX_LANES);
        List<Element> marks = inLanes(doc, "violation");
        assertThat(marks).as("marks closer than 4 px drawn as one").hasSize(TimelineLink.MAX_LANES);
        assertThat(title(marks.getFirst())).startsWith("18750 violations at 0 s to 10.0");
    }

    @Test
    void anEmptyCaptureIsAValidDrawingThatSaysSo() throws Exception {
        Document doc = parse(svg(new Timeline("empty.pcapng", Timeline.Axis.TIME)));
        assertThat(byClass(doc, "lane")).isEmpty();
        assertThat(byClass(doc, "empty")).singleElement().extracting(Element::getTextContent)
                .isEqualTo("empty.pcapng: no 1284.4 packets");
        assertThat(parse(svg()).getDocumentElement().getTagName()).as("no file at all").isEqualTo("svg");
    }

    @Test
    void onePacketIsOneBarAcrossThePlot() throws Exception {
        Timeline t = new Timeline("one.pcapng", Timeline.Axis.TIME);
        t.accept(data("usb 1.2", T0, H, 2, 100, 3, 0));
        Document doc = parse(svg(t));
        assertThat(byClass(doc, "lane")).hasSize(1);
        assertThat(inLanes(doc, "packets h2p").getFirst().getAttribute("d")).isEqualTo("M200,44V4H1200V44Z");
        assertThat(inLanes(doc, "packets p2h").getFirst().getAttribute("d")).isEmpty();
        // the most credit at 0.9 of the half: the line stays off the tops of the bars
        assertThat(inLanes(doc, "credit h2p").getFirst().getAttribute("d")).isEqualTo("M200,8H1200");
    }

    @Test
    void aStallOverTheWholeCaptureCoversTheWholePlot() throws Exception {
        Timeline t = new Timeline("f", Timeline.Axis.TIME);
        t.accept(data("l", T0, H, 2, 10, 0, 1));
        t.accept(new DecodeEvent.Stall("l", T0, T0 + 10 * SECOND, H, 2, 2));
        t.accept(data("l", T0 + 10 * SECOND, H, 2, 10, 0, 1));
        Element stall = inLanes(parse(svg(t)), "stall h2p").getFirst();
        assertThat(stall.getAttribute("x")).isEqualTo("200");
        assertThat(Double.parseDouble(stall.getAttribute("width"))).isBetween(990.0, 1000.0);
        assertThat(title(stall)).isEqualTo("H>P on 2/2 PRINT without credit: 1 stall, 10.00 s in all, from 0 s to 10.00 s");
        assertThat(stall.getAttribute("fill-opacity")).isEqualTo("0.6");
    }

    @Test
    void violationsAndCaptureGapsAreTicksWithTheirText() throws Exception {
        Timeline t = new Timeline("f", Timeline.Axis.TIME);
        t.accept(data("l", T0, H, 2, 10, 0, 0, new Violation(Rule.DATA_WITHOUT_CREDIT, "host held 0 credit on 2/2")));
        t.accept(data("l", T0 + 10, H, 2, 10, 0, 0, new Violation(Rule.DATA_WITHOUT_CREDIT, "again")));
        t.accept(new DecodeEvent.Gap("l", T0 + SECOND, P, 40, List.of(new Violation(Rule.CAPTURE_GAP, "40 bytes"))));
        Document doc = parse(svg(t));
        assertThat(inLanes(doc, "violation")).singleElement().extracting(TimelineSvgTest::title).asString()
                .startsWith("2 violations at 0 s to ").endsWith("first: §5.1 data without credit: host held 0 credit on 2/2"
                        + " (receiver answers Error 0x81)");
        assertThat(byClass(doc, "lane")).extracting(l -> l.getAttribute("data-channel")).containsExactly("0/0", "2/2");
        assertThat(inLanes(doc, "gap")).singleElement().extracting(TimelineSvgTest::title).asString()
                .contains("1 capture gap at 999.4 ms to 1.00 s, ").contains("§1.4 bytes missing from the capture: 40 bytes");
    }

    @Test
    void rawDumpsAreDrawnByPacketNumberWithTheirStall() throws Exception {
        Wire w = RawDumpsTest.waitingOnceForCredit();
        Path h = Files.write(dir.resolve("h2p"), w.dump(H));
        Path p = Files.write(dir.resolve("p2h"), w.dump(P));
        Timeline t = new Timeline("h2p + p2h", Timeline.Axis.PACKET_NUMBER);
        RawDumps.decode(h, p, t);
        String svg = svg(t);
        Document doc = parse(svg);
        assertThat(svg).contains("packet number on the link (raw dumps have no times)").doesNotContain("1970");
        assertThat(inLanes(doc, "stall h2p")).singleElement().extracting(TimelineSvgTest::title).asString()
                .endsWith("1 stall, packets 4 to 5");
        assertThat(byClass(doc, "lane")).hasSize(2);
    }

    @Test
    void severalFilesAndLinksEachGetASectionAndHostileNamesStayWellFormed() throws Exception {
        Timeline a = new Timeline("a <&> \u0001.pcapng", Timeline.Axis.TIME);
        a.accept(data("tcp \"1\"", T0, H, 2, 10, 1, 1));
        a.accept(data("tcp \ud800 2", T0, H, 2, 10, 1, 1));
        Timeline b = new Timeline("b.pcapng", Timeline.Axis.TIME);
        Document doc = parse(svg(a, b));
        assertThat(byClass(doc, "section")).hasSize(2);
        assertThat(byClass(doc, "link")).extracting(Element::getTextContent)
                .containsExactly("a <&> ?.pcapng: tcp \"1\": 1 packet, 0 s", "a <&> ?.pcapng: tcp ? 2: 1 packet, 0 s");
        assertThat(byClass(doc, "empty")).singleElement().extracting(Element::getTextContent)
                .isEqualTo("b.pcapng: no 1284.4 packets");
    }

    @Test
    void niceStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(TimelineSvg.niceStep(0.3)).isEqualTo(1);
        assertThat(TimelineSvg.niceStep(1.25e9)).isEqualTo(2_000_000_000L);
        assertThat(TimelineSvg.niceStep(3)).isEqualTo(5);
        assertThat(TimelineSvg.niceStep(7)).isEqualTo(10);
    }
}
