#!/usr/bin/env python3
"""Writes the invite_session_fuzzer's seeds: call flows and races around one INVITE session, in
its script format (see the top of invite_session_fuzzer.cpp), with the message helpers of
make_user_agent_seeds.py. Run from anywhere; the files go to fuzz/seeds/invite_session/.
(The user agent's seeds seed this fuzzer too.)
"""
import pathlib

from make_user_agent_seeds import SDP, answer_ours, in_dialog, incoming_invite, m, message, \
    peer_bye_in_our_dialog, write_seeds

OUT = pathlib.Path(__file__).resolve().parent / "seeds" / "invite_session"


def invite_again(text):
    """A response to the last INVITE we sent, not to the last request."""
    return text.replace("{via}", "{invite-via}").replace("{to}", "{invite-to}") \
        .replace("{cseq}", "{invite-cseq}")


SEEDS = {
    # The CANCEL comes after our 200 (§9.2: it has no effect): ACK, then the peer's BYE.
    "cancel_after_answer": [
        m(0, incoming_invite()), "%answer\n",
        m(0, message("CANCEL sip:alice@192.0.2.1:5060 SIP/2.0",
                     ["Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKin1", "Max-Forwards: 70",
                      "From: \"Bob\" <sip:bob@192.0.2.10>;tag=b1", "To: <sip:alice@192.0.2.1>",
                      "Call-ID: in-call-1", "CSeq: 1 CANCEL"])),
        m(0, in_dialog("ACK", 1, "ack1")), m(0, in_dialog("BYE", 2, "bye1")), "%t 40000\n"],
    # Late offer: an INVITE without SDP, our offer in the 200, the answer in the ACK; then the
    # peer's UPDATE before ours is answered, and a BYE while our re-INVITE is open.
    "late_offer_and_bye_during_reinvite": [
        m(0, incoming_invite(body="")), "%answer\n", "%t 600\n",
        m(0, in_dialog("ACK", 1, "ack1", SDP)), "%reoffer\n",
        m(0, in_dialog("UPDATE", 2, "up1", SDP)), m(0, in_dialog("BYE", 3, "bye1")),
        "%t 40000\n"],
    # An UPDATE before the call is confirmed (500 with Retry-After), a PRACK matching nothing
    # (481), INFO in the call, then we hang up and the BYE times out.
    "early_update_and_stray_prack": [
        m(0, incoming_invite()), "%ring\n", m(0, in_dialog("UPDATE", 2, "up1", SDP)),
        m(0, in_dialog("PRACK", 3, "pr1").replace("Content-Length", "RAck: 77 1 INVITE\r\n"
                                                  "Content-Length")),
        "%answer\n", m(0, in_dialog("ACK", 1, "ack1")), m(0, in_dialog("INFO", 4, "info1")),
        "%hangup\n", "%fail 0\n", "%t 40000\n"],
    # DTMF by INFO (RFC 6086): the peer's key, ours challenged and sent again, answered; another
    # of ours refused 415, a third never answered (BYE, RFC 3261 §12.2.1.2).
    "dtmf_by_info": [
        m(0, incoming_invite()), "%answer\n", m(0, in_dialog("ACK", 1, "ack1")),
        m(0, in_dialog("INFO", 2, "info1").replace(
            "Content-Length: 0", "Content-Type: application/dtmf-relay\r\n"
            "Content-Length: 10\r\n\r\nSignal=5\r\n")),
        "%info\n",
        m(0, answer_ours(401, "Unauthorized", tag="").replace(
            "Content-Length", 'WWW-Authenticate: Digest realm="example.com", nonce="n1", qop="auth"\r\n'
            "Content-Length")),
        m(0, answer_ours(200, "OK", tag="")), "%info\n", m(0, answer_ours(415, "No", tag="")),
        "%info\n", "%t 40000\n"],
    # Two 183s with SDP, the first unusable: only the first is the answer (§13.2.1); two
    # reliable 1xx PRACKed, one again (dropped); then the 200 from the same early dialog.
    "two_early_answers_reliable": [
        "%dial\n",
        m(0, answer_ours(183, "Session Progress", body="v=0\r\n").replace(
            "Content-Length", "Require: 100rel\r\nRSeq: 5\r\nContent-Length")),
        m(0, invite_again(answer_ours(183, "Session Progress", body=SDP)).replace(
            "Content-Length", "Require: 100rel\r\nRSeq: 6\r\nContent-Length")),
        m(0, invite_again(answer_ours(183, "Session Progress", body=SDP)).replace(
            "Content-Length", "Require: 100rel\r\nRSeq: 6\r\nContent-Length")),
        m(0, invite_again(answer_ours(200, "OK", body=SDP))), "%t 1000\n",
        m(0, peer_bye_in_our_dialog("pb1").replace("{to}", "{invite-to}")), "%t 40000\n"],
    # Glare as the caller: our re-INVITE and theirs cross (491 both ways), ours again after the
    # wait; its answer; then our refresh is missed by the peer and the session expires.
    "glare_as_caller": [
        "%dial\n", m(0, answer_ours(200, "OK", body=SDP).replace(
            "Content-Type", "Session-Expires: 90;refresher=uas\r\nContent-Type")),
        "%reoffer\n",
        m(0, message("INVITE sip:alice@192.0.2.1:5060 SIP/2.0",
                     ["Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKre1", "Max-Forwards: 70",
                      "From: {to}", "To: {from}", "Call-ID: {call-id}",
                      "CSeq: 9 INVITE", "Contact: <sip:bob@192.0.2.10:5060>",
                      "Content-Type: application/sdp"], SDP)),
        m(0, answer_ours(491, "Request Pending", tag="")), "%t 4500\n", "%reoffer\n",
        m(0, answer_ours(200, "OK", tag="", body=SDP)), "%t 100000\n", "%t 40000\n"],
    # We hang up before any 1xx (CANCEL waits, §9.1); the 180 brings the CANCEL, but the 200
    # crosses it: ACK and BYE; the BYE is challenged and answered.
    "cancel_crossing_2xx": [
        "%dial\n", "%hangup\n", m(0, answer_ours(180, "Ringing")),
        m(0, invite_again(answer_ours(200, "OK", body=SDP))),
        m(0, answer_ours(401, "Unauthorized", tag="").replace(
            "Content-Length", 'WWW-Authenticate: Digest realm="example.com", nonce="n1", qop="auth"\r\n'
            "Content-Length")),
        m(0, answer_ours(200, "OK", tag="")), "%t 40000\n"],
    # Offers of ours by UPDATE to a peer that allows it: answered in the 200; crossed by its
    # UPDATE (491 both ways); refused as a method (405: the next goes by re-INVITE); challenged.
    "offers_by_update": [
        m(0, incoming_invite().replace("Content-Type", "Allow: INVITE, ACK, BYE, UPDATE\r\n"
                                       "Content-Type")),
        "%answer\n", m(0, in_dialog("ACK", 1, "ack1")), "%update\n",
        m(0, answer_ours(200, "OK", tag="", body=SDP)), "%update\n",
        m(0, in_dialog("UPDATE", 2, "up1", SDP)), m(0, answer_ours(491, "Request Pending", tag="")),
        "%t 2500\n", "%update\n",
        m(0, answer_ours(401, "Unauthorized", tag="").replace(
            "Content-Length", 'WWW-Authenticate: Digest realm="example.com", nonce="n2", '
            'qop="auth"\r\nContent-Length')),
        m(0, answer_ours(405, "Method Not Allowed", tag="")), "%update\n",
        m(0, answer_ours(200, "OK", tag="", body=SDP)), "%t 100\n", "%update\n", "%fail 0\n",
        "%t 40000\n"],
    # Early media of ours: a reliable 183 with our answer to a caller that supports 100rel;
    # answered before its PRACK (the 200 waits for it); the PRACK, then the 200 and its ACK.
    # Then a caller without 100rel gets an unreliable 183 (each time asked) and the 200 at once.
    "early_media_reliable": [
        m(0, incoming_invite().replace("Content-Type", "Supported: 100rel, timer\r\n"
                                       "Content-Type")),
        "%progress\n", "%t 600\n", "%answer\n", "%progress\n",
        m(0, in_dialog("PRACK", 2, "pr1").replace("Content-Length", "RAck: {rseq} 1 INVITE\r\n"
                                                  "Content-Length")),
        "%t 10\n", m(0, in_dialog("ACK", 1, "ack1")), "%hangup\n",
        m(0, answer_ours(200, "OK", tag="")), "%t 40000\n"],
    "early_media_unreliable": [
        m(0, incoming_invite()), "%progress\n", "%progress\n", "%answer\n",
        m(0, in_dialog("ACK", 1, "ack1")), m(0, in_dialog("BYE", 2, "bye1")), "%t 40000\n"],
    # Our re-INVITE gets no answer (408: BYE, §14.1); a forked 200 after the call is up.
    "reinvite_timeout_and_fork": [
        "%dial\n", m(0, answer_ours(200, "OK", tag="f1", body=SDP)),
        m(0, invite_again(answer_ours(200, "OK", tag="f2", body=SDP))), "%reoffer\n",
        "%fail 0\n", m(0, answer_ours(200, "OK", tag="")), "%t 40000\n"],
}


def main():
    write_seeds(OUT, SEEDS)


if __name__ == "__main__":
    main()
