#!/usr/bin/env python3
"""Writes the user_agent_fuzzer's seeds: realistic call flows in its script format (see the top
of user_agent_fuzzer.cpp). Run from anywhere; the files go to fuzz/seeds/user_agent/.

Flows 0 and 1 are UDP peers (192.0.2.10:5060, [2001:db8::20]:5080), flow 2 a TCP peer; we are
alice at 192.0.2.1:5060.
"""
import pathlib

OUT = pathlib.Path(__file__).resolve().parent / "seeds" / "user_agent"
SDP = ("v=0\r\no=- 2 2 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n"
       "m=audio 5000 RTP/AVP 0\r\n")
PEER_VIA = "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK"


def message(start, headers, body=""):
    lines = [start] + headers + [f"Content-Length: {len(body)}"]
    return "\r\n".join(lines) + "\r\n\r\n" + body


def incoming_invite(branch="in1", call_id="in-call-1", body=SDP, via=PEER_VIA):
    return message("INVITE sip:alice@192.0.2.1:5060 SIP/2.0",
                   [f"Via: {via}{branch}", "Max-Forwards: 70",
                    "From: \"Bob\" <sip:bob@192.0.2.10>;tag=b1", "To: <sip:alice@192.0.2.1>",
                    f"Call-ID: {call_id}", "CSeq: 1 INVITE", "Contact: <sip:bob@192.0.2.10:5060>",
                    "Content-Type: application/sdp"], body)


def in_dialog(method, cseq, branch, body="", call_id="in-call-1"):
    """A request from the peer inside the dialog we accepted ({tag} is our To tag)."""
    headers = [f"Via: {PEER_VIA}{branch}", "Max-Forwards: 70",
               "From: \"Bob\" <sip:bob@192.0.2.10>;tag=b1", "To: <sip:alice@192.0.2.1>;tag={tag}",
               f"Call-ID: {call_id}", f"CSeq: {cseq} {method}"]
    if body:
        headers += ["Contact: <sip:bob@192.0.2.10:5060>", "Content-Type: application/sdp"]
    return message(f"{method} sip:alice@192.0.2.1:5060 SIP/2.0", headers, body)


def answer_ours(status, reason, tag="p1", body="", cseq="{cseq}"):
    """The peer's response to the last request we sent."""
    headers = ["Via: {via}", "From: {from}", f"To: {{to}}{';tag=' + tag if tag else ''}",
               "Call-ID: {call-id}", f"CSeq: {cseq}"]
    if status < 300 and status > 100:
        headers.append("Contact: <sip:bob@192.0.2.10:5060>")
    if body:
        headers.append("Content-Type: application/sdp")
    return message(f"SIP/2.0 {status} {reason}", headers, body)


def peer_bye_in_our_dialog(branch, tag="p1"):
    """The callee hangs up a call we placed: its From is our To (with its tag), its To our From."""
    return message("BYE sip:alice@192.0.2.1:5060 SIP/2.0",
                   [f"Via: {PEER_VIA}{branch}", "Max-Forwards: 70", f"From: {{to}};tag={tag}",
                    "To: {from}", "Call-ID: {call-id}", "CSeq: 1 BYE"])


def m(flow, text):
    return f"%m {flow}\n{text}"


SEEDS = {
    # SIP MESSAGE (RFC 3428): ours challenged in our realm and sent again, answered; another
    # never answered (408); the peer's text answered 200, its image 415.
    "pages": [
        "%page 0 example.com\n",
        m(0, answer_ours(407, "Proxy Authentication Required").replace(
            "Content-Length", 'Proxy-Authenticate: Digest realm="example.com", nonce="n1", '
            'qop="auth"\r\nContent-Length')),
        m(0, answer_ours(200, "OK")), "%page 1\n", "%t 40000\n",
        m(0, message("MESSAGE sip:alice@192.0.2.1:5060 SIP/2.0",
                     ["Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKpg1", "Max-Forwards: 70",
                      "From: <sip:bob@192.0.2.10>;tag=b9", "To: <sip:alice@192.0.2.1>",
                      "Call-ID: page-1", "CSeq: 1 MESSAGE", "Content-Type: text/plain"],
                     "hi alice")),
        m(0, message("MESSAGE sip:alice@192.0.2.1:5060 SIP/2.0",
                     ["Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKpg2", "Max-Forwards: 70",
                      "From: <sip:bob@192.0.2.10>;tag=b9", "To: <sip:alice@192.0.2.1>",
                      "Call-ID: page-1", "CSeq: 2 MESSAGE", "Content-Type: image/png"], "PNG"))],
    # RFC 3665 §3.1 seen from the callee: INVITE, 180, 200, ACK, BYE.
    "incoming_answered_bye": [
        m(0, incoming_invite()), "%ring\n", "%answer\n", "%t 10\n",
        m(0, in_dialog("ACK", 1, "ack1")), "%t 1000\n", m(0, in_dialog("BYE", 2, "bye1")),
        "%t 40000\n"],
    # The caller gives up: CANCEL → 200 and 487, the 487 ACKed.
    "incoming_cancelled": [
        m(0, incoming_invite()), "%ring\n", "%t 100\n",
        m(0, message("CANCEL sip:alice@192.0.2.1:5060 SIP/2.0",
                     [f"Via: {PEER_VIA}in1", "Max-Forwards: 70",
                      "From: \"Bob\" <sip:bob@192.0.2.10>;tag=b1", "To: <sip:alice@192.0.2.1>",
                      "Call-ID: in-call-1", "CSeq: 1 CANCEL"])),
        m(0, in_dialog("ACK", 1, "in1")), "%t 40000\n"],
    # A re-INVITE inside the call (§14.2), answered; then we hang up.
    "incoming_reinvite": [
        m(0, incoming_invite()), "%answer\n", m(0, in_dialog("ACK", 1, "ack1")), "%t 500\n",
        m(0, in_dialog("INVITE", 2, "re1", SDP)), "%accept\n", m(0, in_dialog("ACK", 2, "ack2")),
        "%hangup\n", m(0, answer_ours(200, "OK", tag="")), "%t 40000\n"],
    # Offers both ways in a call: ours (hold) answered and ACKed, the peer's UPDATE refused,
    # its re-INVITE without SDP given our offer and answered in the ACK, ours crossing theirs
    # (491 both ways), a BYE while its re-INVITE is open.
    "offers_both_ways": [
        m(0, incoming_invite()), "%answer\n", m(0, in_dialog("ACK", 1, "ack1")), "%t 500\n",
        "%reoffer\n", m(0, answer_ours(200, "OK", tag="", body=SDP)), "%t 600\n",
        m(0, answer_ours(200, "OK", tag="", body=SDP)),
        m(0, in_dialog("UPDATE", 2, "up1", SDP)), "%refuse 1 488\n",
        m(0, in_dialog("INVITE", 3, "re2")), "%accept\n", "%t 500\n",
        m(0, in_dialog("ACK", 3, "ack3", SDP)),
        "%reoffer\n", m(0, in_dialog("INVITE", 4, "re3", SDP)),
        m(0, answer_ours(491, "Request Pending", tag="")), "%t 3000\n",
        m(0, in_dialog("INVITE", 5, "re4", SDP)), m(0, in_dialog("BYE", 6, "bye1")),
        "%t 40000\n"],
    # No ACK ever comes: the 200 is resent until 64·T1, then BYE.
    "incoming_no_ack": [m(1, incoming_invite(via="SIP/2.0/UDP [2001:db8::20]:5080;branch=z9hG4bK")),
                        "%answer\n", "%t 40000\n", "%t 40000\n"],
    # Declined, and busy when the caller tries again.
    "incoming_refer_and_replaces": [
        m(0, incoming_invite()), "%answer\n", m(0, in_dialog("ACK", 1, "ack1")), "%t 500\n",
        m(0, in_dialog("REFER", 2, "ref1").replace(
            "Content-Length: 0", "Refer-To: <sip:carol@192.0.2.30?Replaces=x%3Bto-tag%3Da"
            "%3Bfrom-tag%3Db>\r\nReferred-By: <sip:bob@192.0.2.10>\r\nContent-Length: 0")),
        m(0, in_dialog("NOTIFY", 3, "not1", "").replace(
            "Content-Length: 0", "Event: refer\r\nSubscription-State: terminated\r\n"
            "Content-Type: message/sipfrag\r\nContent-Length: 16\r\n\r\nSIP/2.0 200 OK\r\n",
            1).split("\r\n\r\n\r\n")[0] + "\r\n"),
        m(1, incoming_invite(branch="in2", call_id="in-call-2",
                             via="SIP/2.0/UDP [2001:db8::20]:5080;branch=z9hG4bK").replace(
            "Max-Forwards: 70", "Max-Forwards: 70\r\nReplaces: in-call-1;to-tag={tag};from-tag=b1")),
        "%t 40000\n"],

    "incoming_rejected": [m(0, incoming_invite()), "%reject 1 603\n",
                          m(0, in_dialog("ACK", 1, "in1")), m(0, incoming_invite("in2", "c2")),
                          "%hangup\n", "%t 40000\n"],
    # OPTIONS outside any dialog, and a BYE for a dialog that does not exist (481).
    "options_and_stray_bye": [
        m(0, message("OPTIONS sip:alice@192.0.2.1 SIP/2.0",
                     [f"Via: {PEER_VIA}opt1", "Max-Forwards: 70", "From: <sip:bob@192.0.2.10>;tag=o1",
                      "To: <sip:alice@192.0.2.1>", "Call-ID: options-1", "CSeq: 7 OPTIONS",
                      "Accept: application/sdp"])),
        m(0, in_dialog("BYE", 3, "bye9", call_id="nobody")), "%t 40000\n"],
    # RFC 3665 §3.1 from the caller: INVITE, 100, 180, 200, our ACK; the callee hangs up.
    "outgoing_answered": [
        "%dial 0\n", m(0, answer_ours(100, "Trying", tag="")), m(0, answer_ours(180, "Ringing")),
        m(0, answer_ours(200, "OK", body=SDP)), "%t 1000\n", m(0, peer_bye_in_our_dialog("pb1")),
        "%t 40000\n"],
    # We hang up while it rings: CANCEL, its 200, then 487 to the INVITE.
    "outgoing_cancelled": [
        "%dial 0\n", m(0, answer_ours(180, "Ringing")), "%hangup\n",
        m(0, answer_ours(200, "OK", tag="")), m(0, answer_ours(487, "Request Terminated",
                                                               cseq="1 INVITE")), "%t 40000\n"],
    # A 407 in our registrar's realm answered with credentials, then 200 and our BYE.
    "outgoing_challenged": [
        "%cred example.com\n", "%dial 0\n",
        m(0, message("SIP/2.0 407 Proxy Authentication Required",
                     ["Via: {via}", "From: {from}", "To: {to};tag=x1", "Call-ID: {call-id}",
                      "CSeq: {cseq}", 'Proxy-Authenticate: Digest realm="example.com", '
                      'nonce="abc123", qop="auth", algorithm=MD5'])),
        m(0, answer_ours(200, "OK", body=SDP)), "%hangup\n", m(0, answer_ours(200, "OK", tag="")),
        "%t 40000\n"],
    # Over TCP: answered, then our BYE and its 200.
    "outgoing_tcp_bye": [
        "%dial 2\n", m(2, answer_ours(200, "OK", body=SDP)), "%hangup\n",
        m(2, answer_ours(200, "OK", tag="")), "%t 40000\n"],
    # A forked INVITE answered twice: the second 2xx is ACKed and sent BYE (§13.2.2.4), while
    # the INVITE transaction is in RFC 6026's Accepted state and after it ended.
    "outgoing_forked": [
        "%dial 1\n", m(1, answer_ours(200, "OK", tag="f1", body=SDP)),
        m(1, answer_ours(200, "OK", tag="f2", body=SDP)), "%t 40000\n",
        m(1, answer_ours(200, "OK", tag="f3", body=SDP)), "%t 40000\n"],
    # The 200 resent (our ACK lost), before and after we hang up: ACKed again, one call.
    "outgoing_ok_retransmitted": [
        "%dial 0\n", m(0, answer_ours(200, "OK", body=SDP)), "%t 500\n",
        m(0, answer_ours(200, "OK", body=SDP)), "%hangup\n",
        m(0, answer_ours(200, "OK", body=SDP).replace("{via}", "{invite-via}")
          .replace("{to}", "{invite-to}").replace("{cseq}", "{invite-cseq}")),
        "%t 40000\n"],
    # Nobody answers: Timer B, then a refusal of the next call and the transport failing.
    "outgoing_timeout_and_failure": [
        "%dial 0\n", "%t 40000\n", "%dial 1\n", m(1, answer_ours(486, "Busy Here")), "%dial 0\n",
        "%fail 0\n"],
    # A REGISTER of our own, answered.
    "register": [
        "%req 0\n" + message("REGISTER sip:192.0.2.10 SIP/2.0",
                             ["Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKreg1;rport",
                              "Max-Forwards: 70", "From: <sip:alice@192.0.2.10>;tag=r1",
                              "To: <sip:alice@192.0.2.10>", "Call-ID: reg-1", "CSeq: 1 REGISTER",
                              "Contact: <sip:alice@192.0.2.1:5060>", "Expires: 600"]),
        m(0, answer_ours(200, "OK", tag="")), "%t 40000\n"],
    # RFC 3262 and 4028 as the callee: an INVITE requiring 100rel and asking for a 90 s session
    # timer; our reliable 180 resent, PRACKed; answered; the peer's refresh by UPDATE, then none
    # (the session expires: BYE). Then as the caller: a reliable 183 PRACKed, a 2xx granting a
    # timer we refresh (by UPDATE), a 422 first.
    "reliable_and_timers": [
        m(0, incoming_invite().replace("Content-Type", "Require: 100rel\r\nSupported: timer\r\n"
                                       "Session-Expires: 90\r\nAllow: INVITE, ACK, BYE, UPDATE\r\n"
                                       "Content-Type")),
        "%ring\n", "%t 600\n",
        m(0, in_dialog("PRACK", 2, "pr1").replace("Content-Length", "RAck: {rseq} 1 INVITE\r\n"
                                                  "Content-Length")),
        "%answer\n", m(0, in_dialog("ACK", 1, "ack1")), "%t 30000\n",
        m(0, in_dialog("UPDATE", 3, "up1").replace("Content-Length", "Session-Expires: 90\r\n"
                                                   "Content-Length")),
        "%t 120000\n", m(0, answer_ours(200, "OK", tag="")),
        "%dial 0\n",
        m(0, answer_ours(422, "Session Interval Too Small").replace(
            "Content-Length", "Min-SE: 3600\r\nContent-Length")),
        m(0, answer_ours(183, "Session Progress").replace(
            "Content-Length", "Require: 100rel\r\nRSeq: 5\r\nContent-Length")),
        m(0, answer_ours(200, "OK", tag="")),
        m(0, answer_ours(200, "OK", body=SDP, cseq="{invite-cseq}").replace(
            "Via: {via}", "Via: {invite-via}").replace("To: {to}", "To: {invite-to}").replace(
            "Content-Type", "Session-Expires: 3600;refresher=uac\r\nAllow: INVITE, UPDATE\r\n"
            "Content-Type")),
        "%t 1801000\n", m(0, answer_ours(200, "OK", tag="")), "%hangup\n", "%t 40000\n"],
    # Early media from us (a reliable 183 with our answer), PRACKed, then answered and ended.
    "incoming_early_media": [
        m(0, incoming_invite().replace("Content-Type", "Supported: 100rel\r\nContent-Type")),
        "%progress\n", "%answer\n",
        m(0, in_dialog("PRACK", 2, "pr1").replace("Content-Length", "RAck: {rseq} 1 INVITE\r\n"
                                                  "Content-Length")),
        m(0, in_dialog("ACK", 1, "ack1")), m(0, in_dialog("BYE", 3, "bye1")), "%t 40000\n"],
    # A registration the UA keeps: challenged, registered, refreshed on its timer, stopped.
    "registration_kept": [
        "%reg 0\n",
        m(0, message("SIP/2.0 401 Unauthorized",
                     ["Via: {via}", "From: {from}", "To: {to};tag=r1", "Call-ID: {call-id}",
                      "CSeq: {cseq}", 'WWW-Authenticate: Digest realm="example.com", '
                      'nonce="n1", qop="auth"'])),
        m(0, answer_ours(200, "OK", tag="r1").replace("Content-Length", "Expires: 60\r\n"
                                                      "Content-Length")),
        "%t 31000\n", m(0, answer_ours(200, "OK", tag="r1")), "%reg 1\n", "%unreg 1\n",
        m(0, answer_ours(200, "OK", tag="r1")), "%fail 1\n", "%t 40000\n"],
    # A registration over TCP kept alive (RFC 5626 §4.4.1): one pong in time, then none: the
    # connection is dropped and the flow's failure registers again.
    "registration_keep_alive": [
        "%reg 2\n",
        m(2, answer_ours(200, "OK", tag="k1").replace("Content-Length", "Expires: 600\r\n"
                                                      "Content-Length")),
        "%t 95000\n", "%pong 2\n", "%t 100000\n", "%fail 2\n",
        m(2, answer_ours(200, "OK", tag="k1")), "%t 100000\n"],
}


def write_seeds(out, seeds):
    """Each seed's parts, joined, as the file out/NAME."""
    out.mkdir(parents=True, exist_ok=True)
    for name, parts in seeds.items():
        (out / name).write_bytes("".join(parts).encode())


def main():
    write_seeds(OUT, SEEDS)


if __name__ == "__main__":
    main()
