// Building responses from parsed requests.
#include "sip/ua/response.hpp"

#include "sip/message/header_name.hpp"
#include "sip/message/message_builder.hpp"

namespace sipline::sip {

Result<Message> build_response(const Message& request, const ResponseParts& parts) {
  MessageBuilder response = MessageBuilder::response(parts.status, parts.reason);
  const bool add_tag = request.to() != nullptr && request.to()->tag.empty() &&
                       !parts.to_tag.empty() && parts.status > 100;
  for (const HeaderField& field : request.headers()) {
    switch (field.id) {
      case HeaderId::kVia:
      case HeaderId::kFrom:
      case HeaderId::kCallId:
      case HeaderId::kCSeq:
        response.copied_field(request, field);  // parsed already: not parsed again
        break;
      case HeaderId::kTo:
        if (add_tag) {
          response.field(HeaderId::kTo, {field.value, ";tag=", parts.to_tag});
        } else {
          response.copied_field(request, field);
        }
        break;
      case HeaderId::kRecordRoute:
        if (parts.copy_record_route && parts.status > 100 && parts.status < 300) {
          response.field(HeaderId::kRecordRoute, field.value);
        }
        break;
      default:
        break;
    }
  }
  if (!parts.contact.empty()) {
    response.field(HeaderId::kContact, parts.contact);
  }
  response.fields(parts.extra_headers);
  response.body(parts.content_type, parts.body);
  return std::move(response).build();
}

}  // namespace sipline::sip
