// Characters of the formula language, shared by the grammar and by the printer (expr.cpp) so
// that whatever the printer writes bare parses back the same. No Spirit here.
//
// A name character is an ASCII letter, digit, '_', '.', '\', or any well-formed non-ASCII
// character that is not punctuation or a space (表, 收, é, Ω, ｘ ...). Full-width and CJK
// punctuation ('（' '，' '：' '“' U+3000 ...) is not part of names, so `SUM（A1）` is a clear
// error pointing at '（' rather than a strange name.
#pragma once

#include <cstddef>
#include <string_view>

namespace suan::grammar {

// Byte length of the name character that starts at s[i], or 0 when s[i] does not start one.
size_t NameCharLength(std::string_view s, size_t i);

// A name (function, defined name) starts with a letter, '_', '\' or a non-ASCII name character.
bool IsNameStart(std::string_view s, size_t i);

// True when `sheet` can be written without quotes: name characters only, not starting with a
// digit or '.', and not shaped like a cell (Excel quotes 'A1'!B2 and '2024'!B2 too).
bool IsBareSheetName(std::string_view sheet);

// When s[i] starts a full-width or typographic look-alike of ASCII punctuation ('（' '，'
// '“' U+3000 ...), returns the ASCII spelling meant and sets *length to the bytes it takes.
std::string_view AsciiLookalike(std::string_view s, size_t i, size_t* length);

// Code points as the caret line needs them: decodes s[i] (invalid bytes are one character of
// their own) and tells whether a terminal shows it two columns wide (CJK, full-width forms).
char32_t DecodeChar(std::string_view s, size_t& i);
bool IsWide(char32_t c);

}  // namespace suan::grammar
