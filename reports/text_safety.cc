#include "reports/text_safety.h"

namespace clearbid::reports {

void AppendHtmlEscaped(std::string* out, std::string_view text) {
  out->reserve(out->size() + text.size());
  for (char ch : text) {
    switch (ch) {
      case '&':
        out->append("&amp;");
        break;
      case '<':
        out->append("&lt;");
        break;
      case '>':
        out->append("&gt;");
        break;
      case '"':
        out->append("&quot;");
        break;
      case '\'':
        out->append("&#39;");
        break;
      case '\t':
      case '\n':
      case '\r':
        out->push_back(ch);
        break;
      default:
        if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7F) {
          out->append("\xEF\xBF\xBD");
        } else {
          out->push_back(ch);
        }
    }
  }
}

std::string HtmlEscape(std::string_view text) {
  std::string out;
  AppendHtmlEscaped(&out, text);
  return out;
}

bool LooksLikeFormula(std::string_view cell) {
  if (cell.empty()) return false;
  switch (cell.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return true;
    default:
      return false;
  }
}

std::string NeutraliseFormula(std::string_view cell) {
  if (!LooksLikeFormula(cell)) return std::string(cell);
  std::string out = "'";
  out.append(cell);
  return out;
}

std::string CsvField(std::string_view cell) {
  std::string value = NeutraliseFormula(cell);
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char ch : value) {
    if (ch == '"') out.push_back('"');
    out.push_back(ch);
  }
  out.push_back('"');
  return out;
}

}  // namespace clearbid::reports
