#include "engine/base/compression.h"

#include <zstd.h>

#include <memory>

#include <fmt/format.h>

namespace clearbid {
namespace {

constexpr int kLevel = 1;

// One context per thread: contexts are reusable and not thread-safe, and
// creating one per call costs more than compressing a small document.
ZSTD_CCtx* ThreadCompressor() {
  thread_local std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> ctx(ZSTD_createCCtx(), ZSTD_freeCCtx);
  return ctx.get();
}

ZSTD_DCtx* ThreadDecompressor() {
  thread_local std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> ctx(ZSTD_createDCtx(), ZSTD_freeDCtx);
  return ctx.get();
}

}  // namespace

std::string Compress(std::string_view bytes) {
  std::string out(ZSTD_compressBound(bytes.size()), '\0');
  const size_t n = ZSTD_compressCCtx(ThreadCompressor(), out.data(), out.size(), bytes.data(), bytes.size(), kLevel);
  // Only a too-small buffer or an allocation failure can fail here; the
  // buffer is ZSTD_compressBound().
  if (ZSTD_isError(n)) throw std::bad_alloc();
  out.resize(n);
  return out;
}

bool IsCompressed(std::string_view bytes) {
  return bytes.size() >= 4 && static_cast<unsigned char>(bytes[0]) == 0x28 &&
         static_cast<unsigned char>(bytes[1]) == 0xB5 && static_cast<unsigned char>(bytes[2]) == 0x2F &&
         static_cast<unsigned char>(bytes[3]) == 0xFD;
}

Result<std::string> Decompress(std::string_view frame, size_t max_size) {
  const unsigned long long size = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN) {
    return Status::Corruption("compressed document: not a zstd frame with its size");
  }
  if (size > max_size) {
    return Status::Corruption(fmt::format("compressed document: {} bytes, above the limit of {}", size, max_size));
  }
  std::string out(static_cast<size_t>(size), '\0');
  const size_t n = ZSTD_decompressDCtx(ThreadDecompressor(), out.data(), out.size(), frame.data(), frame.size());
  if (ZSTD_isError(n) || n != out.size()) {
    return Status::Corruption(fmt::format("compressed document: {}",
                                          ZSTD_isError(n) ? ZSTD_getErrorName(n) : "shorter than its recorded size"));
  }
  return out;
}

}  // namespace clearbid
