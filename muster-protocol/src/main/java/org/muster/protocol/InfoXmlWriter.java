package org.muster.protocol;

import jakarta.xml.bind.JAXBElement;
import org.muster.protocol.xml.gen.mcdatainfo.McdataParamsType;
import org.muster.protocol.xml.gen.mcdatainfo.McdatainfoType;
import org.muster.protocol.xml.gen.mcpttinfo.McpttParamsType;
import org.muster.protocol.xml.gen.mcpttinfo.McpttinfoType;
import org.muster.protocol.xml.gen.mcvideoinfo.McvideoParamsType;
import org.muster.protocol.xml.gen.mcvideoinfo.McvideoinfoType;

/**
 * Builds the generated info elements of each service from an {@link InfoDocument}. The three
 * namespaces have three sets of generated classes, hence three small methods of the same shape.
 */
final class InfoXmlWriter {
  private InfoXmlWriter() {}

  static JAXBElement<McpttinfoType> mcptt(InfoDocument doc) {
    var f = new org.muster.protocol.xml.gen.mcpttinfo.ObjectFactory();
    McpttParamsType p = f.createMcpttParamsType();
    doc.requestUri().ifPresent(u -> p.setMcpttRequestUri(mcpttUri(f, u.uri())));
    doc.callingUser().ifPresent(u -> p.setMcpttCallingUserId(mcpttUri(f, u.uri())));
    if (doc.broadcast()) p.setBroadcastInd(Boolean.TRUE);
    McpttinfoType info = f.createMcpttinfoType();
    info.setMcpttParams(p);
    return f.createMcpttinfo(info);
  }

  static JAXBElement<McvideoinfoType> mcvideo(InfoDocument doc) {
    var f = new org.muster.protocol.xml.gen.mcvideoinfo.ObjectFactory();
    McvideoParamsType p = f.createMcvideoParamsType();
    doc.requestUri().ifPresent(u -> p.setMcvideoRequestUri(mcvideoUri(f, u.uri())));
    doc.callingUser().ifPresent(u -> p.setMcvideoCallingUserId(mcvideoUri(f, u.uri())));
    if (doc.broadcast()) p.setBroadcastInd(Boolean.TRUE);
    McvideoinfoType info = f.createMcvideoinfoType();
    info.setMcvideoParams(p);
    return f.createMcvideoinfo(info);
  }

  static JAXBElement<McdatainfoType> mcdata(InfoDocument doc) {
    var f = new org.muster.protocol.xml.gen.mcdatainfo.ObjectFactory();
    McdataParamsType p = f.createMcdataParamsType();
    doc.requestUri().ifPresent(u -> p.setMcdataRequestUri(mcdataUri(f, u.uri())));
    doc.callingUser().ifPresent(u -> p.setMcdataCallingUserId(mcdataUri(f, u.uri())));
    if (doc.broadcast()) p.setBroadcastInd(Boolean.TRUE);
    McdatainfoType info = f.createMcdatainfoType();
    info.setMcdataParams(p);
    return f.createMcdatainfo(info);
  }

  private static org.muster.protocol.xml.gen.mcpttinfo.ContentType mcpttUri(
      org.muster.protocol.xml.gen.mcpttinfo.ObjectFactory f, String uri) {
    var c = f.createContentType();
    c.setMcpttURI(uri);
    return c;
  }

  private static org.muster.protocol.xml.gen.mcvideoinfo.ContentType mcvideoUri(
      org.muster.protocol.xml.gen.mcvideoinfo.ObjectFactory f, String uri) {
    var c = f.createContentType();
    c.setMcvideoURI(uri);
    return c;
  }

  private static org.muster.protocol.xml.gen.mcdatainfo.ContentType mcdataUri(
      org.muster.protocol.xml.gen.mcdatainfo.ObjectFactory f, String uri) {
    var c = f.createContentType();
    c.setMcdataURI(uri);
    return c;
  }
}
