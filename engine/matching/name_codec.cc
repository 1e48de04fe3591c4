#include "engine/matching/name_codec.h"

#include <algorithm>

namespace clearbid {

void PutVarint(std::vector<uint8_t>& out, size_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<uint8_t>(v));
}

size_t GetVarint(const uint8_t*& p) {
  size_t v = 0;
  int shift = 0;
  while (*p & 0x80) {
    v |= static_cast<size_t>(*p++ & 0x7F) << shift;
    shift += 7;
  }
  v |= static_cast<size_t>(*p++) << shift;
  return v;
}

void PutBytes(std::vector<uint8_t>& out, std::string_view s) {
  PutVarint(out, s.size());
  out.insert(out.end(), s.begin(), s.end());
}

void GetBytes(const uint8_t*& p, std::string& s) {
  size_t n = GetVarint(p);
  s.assign(reinterpret_cast<const char*>(p), n);
  p += n;
}

void EncodeAnalysedName(const AnalysedName& name, std::vector<uint8_t>& out, std::vector<std::string_view>& labels,
                        std::vector<uint64_t>* label_at) {
  out.push_back(static_cast<uint8_t>(name.schema));
  PutVarint(out, name.legal_classes.size());
  out.insert(out.end(), name.legal_classes.begin(), name.legal_classes.end());
  PutVarint(out, name.numbers.size());
  for (const auto& n : name.numbers) PutBytes(out, n);
  PutVarint(out, name.forms.size());
  for (const NameForm& f : name.forms) {
    size_t label = std::find(labels.begin(), labels.end(), f.label) - labels.begin();
    if (label == labels.size()) labels.push_back(f.label);
    if (label_at) label_at->push_back(out.size());
    PutVarint(out, label);
    out.push_back(f.syllabic ? 1 : 0);
    PutVarint(out, f.tokens.size());
    for (const NameToken& t : f.tokens) {
      out.push_back(static_cast<uint8_t>(t.kind));
      out.push_back(t.legal_class);
      PutBytes(out, t.text);
      if (t.skeleton == t.text) {
        PutVarint(out, 0);
      } else {
        PutVarint(out, t.skeleton.size() + 1);
        out.insert(out.end(), t.skeleton.begin(), t.skeleton.end());
      }
    }
  }
}

void DecodeAnalysedName(const uint8_t*& p, const std::vector<std::string_view>& labels, AnalysedName& out) {
  out.schema = static_cast<EntitySchema>(*p++);
  out.legal_classes.resize(GetVarint(p));
  for (auto& c : out.legal_classes) c = *p++;
  out.numbers.resize(GetVarint(p));
  for (auto& n : out.numbers) GetBytes(p, n);
  out.forms.resize(GetVarint(p));
  for (NameForm& f : out.forms) {
    f.label = labels[GetVarint(p)];
    f.syllabic = *p++ != 0;
    f.tokens.resize(GetVarint(p));
    for (NameToken& t : f.tokens) {
      t.kind = static_cast<TokenKind>(*p++);
      t.legal_class = *p++;
      GetBytes(p, t.text);
      size_t skeleton = GetVarint(p);
      if (skeleton == 0) {
        t.skeleton = t.text;
      } else {
        t.skeleton.assign(reinterpret_cast<const char*>(p), skeleton - 1);
        p += skeleton - 1;
      }
    }
  }
}

}  // namespace clearbid
