#include "busanctl/report/text_width.h"

#include <cstddef>
#include <cstdint>

#include "common/text/utf8.h"

namespace busan::ctl {
namespace {

struct Range {
  char32_t first;
  char32_t last;
};

// Characters that take no column: combining marks, Hangul medial vowels and
// final consonants (they join the preceding initial), zero-width spaces,
// joiners, direction marks and variation selectors.
constexpr Range kZeroWidth[] = {
    {0x0300, 0x036F},   {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A},
    {0x064B, 0x065F},   {0x1160, 0x11FF}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF},
    {0x200B, 0x200F},   {0x2028, 0x202E}, {0x2060, 0x2064}, {0x20D0, 0x20FF},
    {0xD7B0, 0xD7FF},   {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF},
    {0xE0100, 0xE01EF},
};

// East Asian Wide (W) and Fullwidth (F) blocks.
constexpr Range kWide[] = {
    {0x1100, 0x115F},  // Hangul Jamo initial consonants
    {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
    {0x2614, 0x2615},   {0x2E80, 0x303E},  // CJK radicals .. CJK symbols
    {0x3041, 0x33FF},  // kana, Hangul compatibility Jamo, CJK compatibility
    {0x3400, 0x4DBF},  // CJK extension A
    {0x4E00, 0x9FFF},  // CJK unified ideographs
    {0xA000, 0xA4CF},  // Yi
    {0xA960, 0xA97F},  // Hangul Jamo extended A
    {0xAC00, 0xD7A3},  // Hangul syllables
    {0xF900, 0xFAFF},  // CJK compatibility ideographs
    {0xFE10, 0xFE19},   {0xFE30, 0xFE6F},    // vertical and small forms
    {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},    // fullwidth forms
    {0x1F300, 0x1F64F}, {0x1F900, 0x1F9FF},  // emoji
    {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},  // CJK extensions B..
};

template <size_t N>
bool InRanges(char32_t c, const Range (&ranges)[N]) {
  for (const Range& r : ranges) {
    if (c >= r.first && c <= r.last) return true;
  }
  return false;
}

// Decodes the UTF-8 sequence at text[*pos], advancing *pos. Returns false
// (advancing one byte) for an invalid or truncated sequence.
bool DecodeUtf8(absl::string_view text, size_t* pos, char32_t* out) {
  const size_t length = text::DecodeUtf8(text.substr(*pos), out);
  *pos += length > 0 ? length : 1;
  return length > 0;
}

}  // namespace

int CodePointWidth(char32_t c) {
  if (c < 0x20 || (c >= 0x7F && c < 0xA0)) return 0;
  if (c < 0x300) return 1;  // Fast path: Latin.
  if (InRanges(c, kZeroWidth)) return 0;
  if (InRanges(c, kWide)) return 2;
  return 1;
}

int DisplayWidth(absl::string_view text) {
  int width = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    char32_t c = 0;
    width += DecodeUtf8(text, &pos, &c) ? CodePointWidth(c) : 1;
  }
  return width;
}

std::string TruncateToWidth(absl::string_view text, int max_width) {
  if (max_width <= 0) return "";
  if (DisplayWidth(text) <= max_width) return std::string(text);
  const int budget = max_width - 1;  // Room left for the ellipsis.
  int width = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t next = pos;
    char32_t c = 0;
    const int w = DecodeUtf8(text, &next, &c) ? CodePointWidth(c) : 1;
    if (width + w > budget) break;
    width += w;
    pos = next;
  }
  return std::string(text.substr(0, pos)) + "\u2026";
}

}  // namespace busan::ctl
