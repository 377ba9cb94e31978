// Inside the Phone: one call — its state, its SDP negotiator, the RTP port reserved for it, and
// the codec it runs on. Shared by phone.cpp and phone_calls.cpp only.
#pragma once

#include <memory>
#include <string>

#include "app/core/phone.hpp"
#include "sdp/negotiator.hpp"

namespace sipline::app {

struct Phone::Call {
  sip::CallId id = 0;
  bool outgoing = false;
  std::string peer;
  std::string state = "new";
  std::unique_ptr<sdp::Negotiator> negotiator;
  RtpPort rtp;                        // reserved for the media stream
  sdp::NegotiatedSession negotiated;  // an incoming call's, from our answer
  bool media_started = false;
  std::string codec;
  std::string offer;  // theirs, for an incoming call
  bool answered = false;
  bool answer_received = false;  // outgoing: the peer's SDP answer came (in a 1xx or the 2xx)
};

}  // namespace sipline::app
