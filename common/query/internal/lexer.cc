#include "common/query/internal/lexer.h"

#include <cstddef>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "common/query/internal/text.h"
#include "common/status/status_macros.h"

namespace busan::query::internal {
namespace {

constexpr std::string_view kContext = "filter";

bool IsDelimiter(char c) {
  return absl::ascii_isspace(static_cast<unsigned char>(c)) ||
         absl::StrContains("()=!<>:\"'", c);
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  absl::StatusOr<std::vector<Token>> Run() {
    std::vector<Token> tokens;
    while (true) {
      while (pos_ < text_.size() &&
             absl::ascii_isspace(static_cast<unsigned char>(text_[pos_]))) {
        ++pos_;
      }
      Token token;
      token.position = static_cast<int>(pos_) + 1;
      if (pos_ == text_.size()) {
        tokens.push_back(std::move(token));
        return tokens;
      }
      RETURN_IF_ERROR(Next(&token));
      tokens.push_back(std::move(token));
    }
  }

 private:
  absl::Status Next(Token* token) {
    const char c = text_[pos_];
    const char next = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
    switch (c) {
      case '(':
        return Symbol(TokenKind::kLParen, 1, token);
      case ')':
        return Symbol(TokenKind::kRParen, 1, token);
      case '=':
        return Symbol(TokenKind::kEq, 1, token);
      case ':':
        return Symbol(TokenKind::kHas, 1, token);
      case '<':
        return next == '=' ? Symbol(TokenKind::kLe, 2, token)
                           : Symbol(TokenKind::kLt, 1, token);
      case '>':
        return next == '=' ? Symbol(TokenKind::kGe, 2, token)
                           : Symbol(TokenKind::kGt, 1, token);
      case '!':
        if (next == '=') return Symbol(TokenKind::kNe, 2, token);
        return SyntaxErrorAt(kContext, token->position,
                             "\"!\" must be followed by \"=\"");
      case '"':
      case '\'':
        return QuotedString(c, token);
      case '-':
        if (!absl::ascii_isdigit(static_cast<unsigned char>(next))) {
          return Symbol(TokenKind::kMinus, 1, token);
        }
        break;
      default:
        break;
    }
    return Word(token);
  }

  absl::Status Symbol(TokenKind kind, size_t length, Token* token) {
    token->kind = kind;
    token->text = std::string(text_.substr(pos_, length));
    pos_ += length;
    return absl::OkStatus();
  }

  absl::Status Word(Token* token) {
    const size_t start = pos_;
    while (pos_ < text_.size() && !IsDelimiter(text_[pos_])) ++pos_;
    token->text = std::string(text_.substr(start, pos_ - start));
    if (token->text == "AND") {
      token->kind = TokenKind::kAnd;
    } else if (token->text == "OR") {
      token->kind = TokenKind::kOr;
    } else if (token->text == "NOT") {
      token->kind = TokenKind::kNot;
    } else {
      token->kind = TokenKind::kWord;
      token->leading_star = token->text.front() == '*';
      token->trailing_star = token->text.back() == '*';
    }
    return absl::OkStatus();
  }

  absl::Status QuotedString(char quote, Token* token) {
    token->kind = TokenKind::kString;
    ++pos_;
    bool last_was_star = false;
    while (pos_ < text_.size() && text_[pos_] != quote) {
      char c = text_[pos_++];
      const bool escaped = c == '\\';
      if (escaped) {
        if (pos_ == text_.size()) break;
        c = text_[pos_++];
        if (c == 'n') c = '\n';
        if (c == 'r') c = '\r';
        if (c == 't') c = '\t';
      }
      last_was_star = c == '*' && !escaped;
      if (token->text.empty()) token->leading_star = last_was_star;
      token->text.push_back(c);
    }
    if (pos_ == text_.size()) {
      return SyntaxErrorAt(kContext, token->position,
                           "string is not terminated");
    }
    ++pos_;  // closing quote
    token->trailing_star = last_was_star;
    return absl::OkStatus();
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

absl::StatusOr<std::vector<Token>> Tokenize(std::string_view text) {
  return Lexer(text).Run();
}

std::string Describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::kEnd:
      return "end of filter";
    case TokenKind::kWord:
    case TokenKind::kString:
      return Quote(token.text);
    default:
      return "\"" + token.text + "\"";
  }
}

}  // namespace busan::query::internal
