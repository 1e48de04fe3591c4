#include "engine/screening/list_delta.h"

#include <algorithm>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "engine/matching/match_index.h"

namespace clearbid {

std::string EntryIdentity(std::string_view list, std::string_view entry_id, std::string_view digest) {
  std::string out;
  out.reserve(list.size() + entry_id.size() + digest.size() + 2);
  out.append(list).append(1, '\x1f').append(entry_id).append(1, '\x1f').append(digest);
  return out;
}

namespace {

bool ActiveAsOf(bool active, std::string_view listed_until, std::string_view as_of) {
  return active && (as_of.empty() || listed_until.empty() || listed_until >= as_of);
}

}  // namespace

bool ActiveAsOf(const ListEntry& entry, std::string_view as_of) {
  return ActiveAsOf(entry.active, entry.listed_until, as_of);
}

bool ActiveAsOf(const ListEntryStamp& entry, std::string_view as_of) {
  return ActiveAsOf(entry.active, entry.listed_until, as_of);
}

Result<ListDelta> ComputeListDelta(ListStore* store, const std::vector<int64_t>& before_ids,
                                   std::string_view before_as_of, const std::vector<ListVersion>& after,
                                   std::string_view after_as_of) {
  ASSIGN_OR_RETURN(std::vector<ListVersion> all, store->Versions());
  std::map<int64_t, const ListVersion*> by_id;
  for (const ListVersion& v : all) by_id[v.id] = &v;
  // Each list name's earlier and later version (either may be absent).
  std::map<std::string, std::pair<std::optional<int64_t>, std::optional<int64_t>>> lists;
  for (int64_t id : before_ids) {
    auto it = by_id.find(id);
    if (it == by_id.end()) return Status::NotFound(fmt::format("list version {} is no longer in the store", id));
    lists[it->second->name].first = id;
  }
  ListDelta delta;
  for (const ListVersion& v : after) {
    lists[v.name].second = v.id;
    delta.version_of[v.name] = v.id;
  }
  // Each list's entries are walked in the store's order (unsorted, not
  // held) as stamps: id, stored digest, activity; only the added entries are
  // then read whole, and put in (source line, entry id) order, the order a
  // matcher index of the later version would hold them in.
  auto by_source_line = [](const ListEntry& a, const ListEntry& b) {
    return a.source_line != b.source_line ? a.source_line < b.source_line : a.entry_id < b.entry_id;
  };
  for (const auto& [name, ids] : lists) {
    const auto& [before, later] = ids;
    std::vector<std::string> added_ids;
    // The gone entries of a changed list by ListEntryMatchDigest (an empty
    // identity: more than one).
    std::unordered_map<std::string, std::string> gone_by_match;
    if (before && later && *before == *later) {
      // The same version: as of a later (or earlier) date entries only drop
      // out (or come back), so equal counts mean equal sets.
      ASSIGN_OR_RETURN(int64_t was, store->ActiveCount(*before, before_as_of));
      ASSIGN_OR_RETURN(int64_t is, store->ActiveCount(*later, after_as_of));
      if (was == is) {
        delta.unchanged += is;
        continue;
      }
      // The same version's entries, read once: only those whose activity
      // differs between the two dates are gone or new (an exclusion ended,
      // or one began).
      RETURN_IF_ERROR(store->ForEachVersionStamp(*later, [&](const ListEntryStamp& e) {
        const bool then = ActiveAsOf(e, before_as_of), now = ActiveAsOf(e, after_as_of);
        if (then && now) {
          ++delta.unchanged;
        } else if (then) {
          delta.gone.insert(EntryIdentity(name, e.entry_id, e.digest));
        } else if (now) {
          added_ids.push_back(e.entry_id);
        }
        return Status::Ok();
      }));
    } else {
      // The earlier version's active stamps, (entry id, digest) in one
      // arena, sorted by entry id (the store walks its entries in that
      // order, but for those without a stored digest): each later stamp
      // finds its earlier form by entry id, with a cursor that moves forward
      // as the later entries come in the same order (a search otherwise),
      // instead of a hash set of a million identity strings.
      struct Stamp {
        size_t at;
        uint32_t id_size, digest_size;
      };
      std::string arena;
      std::vector<Stamp> earlier;
      auto id_of = [&arena](const Stamp& e) { return std::string_view(arena).substr(e.at, e.id_size); };
      auto digest_of = [&arena](const Stamp& e) {
        return std::string_view(arena).substr(e.at + e.id_size, e.digest_size);
      };
      if (before) {
        earlier.reserve(static_cast<size_t>(std::max<int64_t>(by_id[*before]->entry_count, 0)));
        RETURN_IF_ERROR(store->ForEachVersionStamp(*before, [&](const ListEntryStamp& e) {
          if (!ActiveAsOf(e, before_as_of)) return Status::Ok();
          earlier.push_back({arena.size(), static_cast<uint32_t>(e.entry_id.size()),
                             static_cast<uint32_t>(e.digest.size())});
          arena.append(e.entry_id).append(e.digest);
          return Status::Ok();
        }));
        auto by_id_order = [&](const Stamp& a, const Stamp& b) { return id_of(a) < id_of(b); };
        if (!std::is_sorted(earlier.begin(), earlier.end(), by_id_order)) {
          std::sort(earlier.begin(), earlier.end(), by_id_order);
        }
      }
      std::vector<bool> kept(earlier.size(), false);
      if (later) {
        size_t cursor = 0;
        std::string last_id;
        RETURN_IF_ERROR(store->ForEachVersionStamp(*later, [&](const ListEntryStamp& e) {
          if (!ActiveAsOf(e, after_as_of)) return Status::Ok();
          const std::string_view id = e.entry_id;
          if (id < std::string_view(last_id)) {
            cursor = static_cast<size_t>(
                std::lower_bound(earlier.begin(), earlier.end(), id,
                                 [&](const Stamp& a, std::string_view key) { return id_of(a) < key; }) -
                earlier.begin());
          }
          while (cursor < earlier.size() && id_of(earlier[cursor]) < id) ++cursor;
          last_id.assign(id);
          // An entry id is unique in a version: its earlier form, if any, is here.
          if (cursor < earlier.size() && id_of(earlier[cursor]) == id && digest_of(earlier[cursor]) == e.digest) {
            kept[cursor] = true;
            ++delta.unchanged;
          } else {
            added_ids.push_back(e.entry_id);
          }
          return Status::Ok();
        }));
      }
      // The earlier entries not kept in the same form, by identity.
      std::unordered_set<std::string> gone;
      for (size_t i = 0; i < earlier.size(); ++i) {
        if (!kept[i]) gone.insert(EntryIdentity(name, id_of(earlier[i]), digest_of(earlier[i])));
      }
      if (later && !added_ids.empty() && !gone.empty()) {
        // Twins: the gone entries read whole (few), by match digest, each
        // under the very identity `gone` holds (an entry id is unique in a
        // version; the identity ends with the digest, which has no \x1f).
        std::unordered_map<std::string, const std::string*> identity_of;
        std::vector<std::string> gone_ids;
        gone_ids.reserve(gone.size());
        for (const std::string& identity : gone) {
          const size_t last = identity.rfind('\x1f');
          gone_ids.push_back(identity.substr(name.size() + 1, last - name.size() - 1));
          identity_of.emplace(gone_ids.back(), &identity);
        }
        ASSIGN_OR_RETURN(std::vector<ListEntry> gone_entries, store->LoadVersionEntriesById(*before, gone_ids));
        for (const ListEntry& e : gone_entries) {
          auto id = identity_of.find(e.entry_id);
          if (id == identity_of.end()) continue;
          auto [it, fresh] = gone_by_match.try_emplace(ListEntryMatchDigest(e), *id->second);
          if (!fresh) it->second.clear();  // two gone entries alike: neither has a twin
        }
      }
      delta.gone.merge(gone);
    }
    if (added_ids.empty()) continue;
    ASSIGN_OR_RETURN(std::vector<ListEntry> added, store->LoadVersionEntriesById(*later, added_ids));
    if (added.size() != added_ids.size()) {
      return Status::Internal(fmt::format("list {}: {} of the {} added entries of version {} could not be read", name,
                                          added_ids.size() - added.size(), added_ids.size(), *later));
    }
    if (!gone_by_match.empty()) {
      // An added entry is a twin when it is the only added one of its match
      // digest and the only gone one of that digest is not ambiguous.
      std::unordered_map<std::string, size_t> added_by_match;
      std::vector<std::string> match_digests;
      match_digests.reserve(added.size());
      for (const ListEntry& e : added) ++added_by_match[match_digests.emplace_back(ListEntryMatchDigest(e))];
      std::vector<ListEntry> rest;
      rest.reserve(added.size());
      for (size_t i = 0; i < added.size(); ++i) {
        auto g = gone_by_match.find(match_digests[i]);
        if (g != gone_by_match.end() && !g->second.empty() && added_by_match[match_digests[i]] == 1) {
          delta.twins.emplace(g->second, ListEntryTwin{added[i].entry_id, ListEntryDigest(added[i]), *later});
        } else {
          rest.push_back(std::move(added[i]));
        }
      }
      added = std::move(rest);
      gone_by_match.clear();
    }
    std::sort(added.begin(), added.end(), by_source_line);
    for (ListEntry& e : added) {
      e.list_version = *later;
      delta.added.push_back(std::move(e));
    }
  }
  return delta;
}

size_t ListDeltaRematcher::KeptHash::operator()(const NameCountry& k) const {
  const size_t h = std::hash<std::string_view>()(k.name);
  return h ^ (std::hash<std::string_view>()(k.country) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
}

ListDeltaRematcher::ListDeltaRematcher(ListDelta delta, std::vector<ListVersion> after, ListScreenerOptions options)
    : delta_(std::move(delta)), options_(options) {
  if (!delta_.added.empty()) {
    for (const ListEntry& e : delta_.added)
      for (const Identifier& id : e.identifiers) added_identifiers_.insert(NormaliseIdentifier(id.id));
    added_ = MatcherListScreener::FromEntries(std::move(delta_.added), std::move(after), options_);
    delta_.added.clear();
  }
}

namespace {

// Equal as evidence, whichever list version they cite.
bool SameMatches(const std::vector<ListMatchEvidence>& a, const std::vector<ListMatchEvidence>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const ListMatchEvidence &x = a[i], &y = b[i];
    if (x.list != y.list || x.entry_id != y.entry_id || x.entry_digest != y.entry_digest || x.score != y.score ||
        x.is_match != y.is_match || x.identifier_match != y.identifier_match || x.entry_name != y.entry_name ||
        x.query_name != y.query_name || x.subject != y.subject || x.explanation != y.explanation) {
      return false;
    }
  }
  return true;
}

}  // namespace

ListDeltaRematcher::Outcome ListDeltaRematcher::Rematch(const ScreeningQuery& query,
                                                        const std::vector<ListMatchEvidence>& before) const {
  Outcome out;
  bool lost = false;
  for (const ListMatchEvidence& m : before) {
    const std::string identity = EntryIdentity(m.list, m.entry_id, m.entry_digest);
    if (delta_.gone.count(identity)) {
      if (auto twin = delta_.twins.find(identity); twin != delta_.twins.end()) {
        // Scored alike: the match cites the later form.
        ListMatchEvidence moved = m;
        moved.entry_id = twin->second.entry_id;
        moved.entry_digest = twin->second.digest;
        moved.list_version = twin->second.list_version;
        out.matches.push_back(std::move(moved));
        continue;
      }
      lost = true;
      continue;
    }
    ListMatchEvidence kept = m;
    if (auto v = delta_.version_of.find(m.list); v != delta_.version_of.end()) kept.list_version = v->second;
    out.matches.push_back(std::move(kept));
  }
  if (lost && before.size() >= options_.top_k) {
    // The screener kept top_k matches: the one after them is not known.
    out.matches.clear();
    out.changed = out.rescreen = true;
    return out;
  }
  if (added_) {
    // An identifier no added entry has changes nothing in the added index's
    // answer (the matcher neither finds nor scores by it, and no hit matches
    // it): the answer for the name and country is screened once and kept.
    const std::string normalised = NormaliseIdentifier(query.id);
    if (normalised.size() >= 4 && added_identifiers_.count(normalised) > 0) {
      added_->Screen(query.name, query.country, Identifier{query.scheme, query.id, ""}, query.subject, &out.matches);
    } else {
      const NameCountry key{query.name, query.country};
      const size_t hash = KeptHash()(key);
      KeptShard& shard = kept_[(hash >> 32) % kKeptShards];
      std::vector<ListMatchEvidence> found;
      bool kept = false;
      {
        std::lock_guard<std::mutex> lock(shard.mutex);
        if (auto it = shard.answers.find(key); it != shard.answers.end()) {
          found = it->second;
          kept = true;
        }
      }
      if (!kept) {
        added_->Screen(query.name, query.country, Identifier{}, query.subject, &found);
        if (kept_count_.load(std::memory_order_relaxed) < kMaxKeptAnswers) {
          std::lock_guard<std::mutex> lock(shard.mutex);
          if (shard.answers.try_emplace(KeptKey{query.name, query.country}, found).second) {
            kept_count_.fetch_add(1, std::memory_order_relaxed);
          }
        }
      }
      for (ListMatchEvidence& m : found) {
        m.subject = query.subject;
        out.matches.push_back(std::move(m));
      }
    }
    // The best first, as one index would rank them; kept ones first among equals.
    std::stable_sort(out.matches.begin(), out.matches.end(),
                     [](const ListMatchEvidence& a, const ListMatchEvidence& b) { return a.score > b.score; });
    if (out.matches.size() > options_.top_k) out.matches.resize(options_.top_k);
  }
  out.changed = !SameMatches(out.matches, before);
  return out;
}

}  // namespace clearbid
