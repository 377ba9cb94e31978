// Benchmark inputs.
#include "bench/sip_parse/messages.hpp"

#include <fstream>
#include <sstream>

namespace sipline::bench {

const std::string& invite_with_sdp() {
  static const std::string kInvite =
      "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
      "Via: SIP/2.0/UDP 192.0.2.101:5060;branch=z9hG4bK74bf9;rport\r\n"
      "Max-Forwards: 70\r\n"
      "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n"
      "To: Bob <sip:bob@biloxi.example.com>\r\n"
      "Call-ID: 3848276298220188511@atlanta.example.com\r\n"
      "CSeq: 1 INVITE\r\n"
      "Contact: <sip:alice@192.0.2.101:5060>\r\n"
      "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS\r\n"
      "Supported: replaces, timer\r\n"
      "User-Agent: bench/1\r\n"
      "Content-Type: application/sdp\r\n"
      "Content-Length: 221\r\n"
      "\r\n"
      "v=0\r\n"
      "o=alice42 2890844526 2890844526 IN IP4 192.0.2.101\r\n"
      "s=call\r\n"
      "c=IN IP4 192.0.2.101\r\n"
      "t=0 0\r\n"
      "m=audio 49170 RTP/AVP 0 8 96 97\r\n"
      "a=rtpmap:0 PCMU/8000\r\n"
      "a=rtpmap:96 opus/48000/2\r\n"
      "a=rtpmap:97 telephone-event/8000\r\n"
      "a=ptime:20\r\n";
  return kInvite;
}

const std::string& register_with_authorization() {
  static const std::string kRegister =
      "REGISTER sip:registrar.biloxi.example.com SIP/2.0\r\n"
      "Via: SIP/2.0/UDP 192.0.2.201:5060;branch=z9hG4bKnashd92;rport\r\n"
      "Max-Forwards: 70\r\n"
      "From: Bob <sip:bob@biloxi.example.com>;tag=ja743ks76zlflH\r\n"
      "To: Bob <sip:bob@biloxi.example.com>\r\n"
      "Call-ID: 1j9FpLxk3uxtm8tn@192.0.2.201\r\n"
      "CSeq: 2 REGISTER\r\n"
      "Contact: <sip:bob@192.0.2.201:5060>;expires=3600\r\n"
      "Authorization: Digest username=\"bob\", realm=\"biloxi.example.com\", "
      "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"sip:registrar.biloxi.example.com\", "
      "response=\"6629fae49393a05397450978507c4ef1\", algorithm=MD5, qop=auth, nc=00000001, "
      "cnonce=\"0a4f113b\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"\r\n"
      "User-Agent: bench/1\r\n"
      "Content-Length: 0\r\n"
      "\r\n";
  return kRegister;
}

const std::string& ok_with_routes() {
  static const std::string kOk =
      "SIP/2.0 200 OK\r\n"
      "Via: SIP/2.0/UDP server10.biloxi.example.com;branch=z9hG4bK4b43c2ff8.1;"
      "received=192.0.2.3\r\n"
      "Via: SIP/2.0/UDP bigbox3.site3.atlanta.example.com;branch=z9hG4bK77ef4c2312983.1;"
      "received=192.0.2.2\r\n"
      "Via: SIP/2.0/UDP 192.0.2.101:5060;branch=z9hG4bK74bf9;rport=5060;received=192.0.2.101\r\n"
      "Record-Route: <sip:server10.biloxi.example.com;lr>\r\n"
      "Record-Route: <sip:bigbox3.site3.atlanta.example.com;lr>\r\n"
      "Record-Route: <sip:ss1.atlanta.example.com;lr>\r\n"
      "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n"
      "To: Bob <sip:bob@biloxi.example.com>;tag=314159\r\n"
      "Call-ID: 3848276298220188511@atlanta.example.com\r\n"
      "CSeq: 1 INVITE\r\n"
      "Contact: <sip:bob@192.0.2.4>\r\n"
      "Content-Length: 0\r\n"
      "\r\n";
  return kOk;
}

std::vector<BenchMessage> rfc4475_valid() {
  std::vector<BenchMessage> out;
  for (const char* name :
       {"wsinv", "intmeth", "esc01", "escnull", "esc02", "lwsdisp", "longreq", "dblreq", "semiuri",
        "transports", "mpart01", "unreason", "noreason", "inv2543"}) {
    std::ifstream in(std::string(SIPLINE_SHARED_DIR) + "/corpora/rfc4475/" + name + ".dat",
                     std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    out.push_back({name, bytes.str()});
  }
  return out;
}

}  // namespace sipline::bench
