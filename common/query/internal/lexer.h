// Splits an AIP-160 filter into tokens.
#ifndef BUSAN_COMMON_QUERY_INTERNAL_LEXER_H_
#define BUSAN_COMMON_QUERY_INTERNAL_LEXER_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace busan::query::internal {

enum class TokenKind {
  kEnd,     // end of the text; always the last token
  kWord,    // bare text: a field path, number, enum name, true/false, *
  kString,  // a single- or double-quoted string, escapes resolved
  kLParen,
  kRParen,
  kAnd,    // AND (keywords are upper case only)
  kOr,     // OR
  kNot,    // NOT
  kMinus,  // "-" starting a term (a "-" before a digit starts a number)
  kEq,     // =
  kNe,     // !=
  kLt,     // <
  kLe,     // <=
  kGt,     // >
  kGe,     // >=
  kHas,    // :
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  // kWord and kString: the value (escapes resolved); otherwise the operator
  // as written, or empty for kEnd.
  std::string text;
  // 1-based byte position of the token's first byte.
  int position = 0;
  // Whether `text` begins / ends with a "*" that was not escaped as "\*".
  bool leading_star = false;
  bool trailing_star = false;
};

// Tokenizes `text`. A word is a maximal run of bytes other than white space
// and ( ) = ! < > : " '; "AND", "OR" and "NOT" as whole words are keywords.
// In quoted strings a backslash takes the next byte literally, except \n,
// \r and \t. Errors: INVALID_ARGUMENT "filter: syntax error at position N"
// for an unterminated string or a "!" not followed by "=".
absl::StatusOr<std::vector<Token>> Tokenize(std::string_view text);

// How a token reads in error messages: the operator, the quoted text, or
// "end of filter".
std::string Describe(const Token& token);

}  // namespace busan::query::internal

#endif  // BUSAN_COMMON_QUERY_INTERNAL_LEXER_H_
