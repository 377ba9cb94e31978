// Building the typed index of a message.
#include "sip/message/core_headers.hpp"

#include "sip/message/message.hpp"
#include "sip/message/view_mover.hpp"

namespace sipline::sip {

struct CoreIndexer {
  Message& message;
  const Limits& limits;
  std::span<const CopiedField> copied;

  [[nodiscard]] std::size_t offset_of(std::string_view part) const noexcept {
    return static_cast<std::size_t>(part.data() - message.bytes_.get());
  }

  template <class T>
  Result<void> set_once(std::optional<T>& slot, Result<T> parsed, std::string_view value,
                        std::string_view duplicate_reason) {
    if (!parsed) {
      return shifted(parsed.error(), offset_of(value));
    }
    if (slot) {
      return fail(Errc::kMalformed, duplicate_reason, offset_of(value));
    }
    slot = *parsed;
    return {};
  }

  // From and To: parsed straight into the message.
  Result<void> set_address(std::optional<NameAddr>& slot, std::string_view value,
                           std::string_view duplicate_reason) {
    if (slot) {
      return fail(Errc::kMalformed, duplicate_reason, offset_of(value));
    }
    if (auto parsed = parse_single_address_into(value, slot.emplace()); !parsed) {
      slot.reset();
      return shifted(parsed.error(), offset_of(value));
    }
    return {};
  }

  Result<void> add_vias(std::string_view value) {
    auto added = parse_list(value, [this](Scanner& scanner) -> Result<void> {
      if (message.vias_.size() >= limits.max_vias) {
        return fail(Errc::kTooLarge, "too many Via entries", scanner.pos());
      }
      return parse_via_into(scanner, message.vias_.emplace_back());
    });
    return added ? added : shifted(added.error(), offset_of(value));
  }

  // Contact = STAR / contact-param *(COMMA contact-param) (RFC 3261 §20.10).
  Result<void> add_contacts(std::string_view value) {
    if (value == "*") {
      if (message.contact_star_ || !message.contacts_.empty()) {
        return fail(Errc::kMalformed, "Contact '*' mixed with addresses", offset_of(value));
      }
      message.contact_star_ = true;
      return {};
    }
    if (message.contact_star_) {
      return fail(Errc::kMalformed, "Contact '*' mixed with addresses", offset_of(value));
    }
    auto added = parse_list(value, [this](Scanner& scanner) -> Result<void> {
      if (message.contacts_.size() >= limits.max_contacts) {
        return fail(Errc::kTooLarge, "too many Contact entries", scanner.pos());
      }
      const std::size_t start = scanner.pos();
      NameAddr& contact = message.contacts_.emplace_back();
      if (auto parsed = parse_name_addr_into(scanner, contact); !parsed) {
        return parsed;
      }
      if (contact.q && !is_qvalue(*contact.q)) {
        return fail(Errc::kMalformed, "bad Contact q", start);
      }
      if (contact.expires && !parse_delta_seconds(*contact.expires)) {
        return fail(Errc::kMalformed, "bad Contact expires", start);
      }
      return {};
    });
    return added ? added : shifted(added.error(), offset_of(value));
  }

  Result<void> add(const HeaderField& field) {
    const std::string_view value = field.value;
    switch (field.id) {
      case HeaderId::kVia:
        return add_vias(value);
      case HeaderId::kContact:
        return add_contacts(value);
      case HeaderId::kFrom:
        return set_address(message.from_, value, "duplicate From");
      case HeaderId::kTo:
        return set_address(message.to_, value, "duplicate To");
      case HeaderId::kCSeq:
        return set_once(message.cseq_, parse_cseq(value), value, "duplicate CSeq");
      case HeaderId::kMaxForwards:
        return set_once(message.max_forwards_, parse_max_forwards(value), value,
                        "duplicate Max-Forwards");
      case HeaderId::kContentType:
        return set_once(message.content_type_, parse_content_type(value), value,
                        "duplicate Content-Type");
      case HeaderId::kCallId: {
        const auto call_id = parse_call_id(value);
        if (!call_id) {
          return shifted(call_id.error(), offset_of(value));
        }
        if (!message.call_id_.empty()) {
          return fail(Errc::kMalformed, "duplicate Call-ID", offset_of(value));
        }
        message.call_id_ = *call_id;
        return {};
      }
      default:
        return {};
    }
  }

  // A field copied from an indexed message: its typed value moves over, checked as add()
  // checks it (duplicates, limits). A value not found whole inside the field is parsed.
  Result<void> add_copied(const HeaderField& field, const CopiedField& copy) {
    const Message& source = *copy.source;
    ViewMover mover(copy.value.data(), copy.value.size(), field.value.data());
    const auto within = [&mover](std::string_view part) { return mover.holds(part); };
    const auto moved_address = [&](std::optional<NameAddr>& slot, const NameAddr* address,
                                   std::string_view duplicate_reason) -> Result<void> {
      if (address == nullptr || !within(address->text)) {
        return add(field);
      }
      if (slot) {
        return fail(Errc::kMalformed, duplicate_reason, offset_of(field.value));
      }
      mover.move(slot.emplace(*address));
      return {};
    };
    Result<void> added;
    switch (field.id) {
      case HeaderId::kVia: {
        const std::size_t before = message.vias_.size();
        for (const Via& via : source.vias_) {
          if (!within(via.text)) {
            continue;
          }
          if (message.vias_.size() >= limits.max_vias) {
            return fail(Errc::kTooLarge, "too many Via entries", offset_of(field.value));
          }
          mover.move(message.vias_.emplace_back(via));
        }
        if (message.vias_.size() == before) {
          return add(field);
        }
        break;
      }
      case HeaderId::kFrom:
        added = moved_address(message.from_, source.from(), "duplicate From");
        break;
      case HeaderId::kTo:
        added = moved_address(message.to_, source.to(), "duplicate To");
        break;
      case HeaderId::kCallId:
        if (!within(source.call_id_)) {
          return add(field);
        }
        if (!message.call_id_.empty()) {
          return fail(Errc::kMalformed, "duplicate Call-ID", offset_of(field.value));
        }
        message.call_id_ = source.call_id_;
        mover.move(message.call_id_);
        break;
      case HeaderId::kCSeq:
        if (!source.cseq_ || !within(source.cseq_->method_text)) {
          return add(field);
        }
        if (message.cseq_) {
          return fail(Errc::kMalformed, "duplicate CSeq", offset_of(field.value));
        }
        mover.move(message.cseq_.emplace(*source.cseq_));
        break;
      default:
        return add(field);  // the others are cheap, or rare in a copy (Contact)
    }
    if (!added) {
      return added;
    }
    // Every view of a typed value lies inside the element it was parsed from.
    return mover.ok()
               ? Result<void>{}
               : fail(Errc::kInvalidArgument, "copied header out of place", offset_of(field.value));
  }

  Result<void> run() {
    message.vias_.clear();
    message.from_.reset();
    message.to_.reset();
    message.call_id_ = {};
    message.cseq_.reset();
    message.max_forwards_.reset();
    message.contacts_.clear();
    message.contact_star_ = false;
    message.content_type_.reset();
    for (std::size_t i = 0; i < message.headers_.size(); ++i) {
      const HeaderField& field = message.headers_[i];
      const bool copy = i < copied.size() && copied[i].source != nullptr;
      if (auto added = copy ? add_copied(field, copied[i]) : add(field); !added) {
        return added;
      }
    }
    if (message.is_request_) {
      if (message.cseq_ && message.cseq_->method_text != message.method_text_) {
        return fail(Errc::kMalformed, "CSeq method does not match the request",
                    offset_of(message.cseq_->method_text));
      }
    } else if (message.cseq_) {
      message.method_ = message.cseq_->method;
      message.method_text_ = message.cseq_->method_text;
    }
    return {};
  }
};

Result<void> index_core_headers(Message& message, const Limits& limits,
                                std::span<const CopiedField> copied) {
  return CoreIndexer{message, limits, copied}.run();
}

}  // namespace sipline::sip
