# Settings shared by every Frameproof target: warnings (as errors for project code),
# QT_NO_KEYWORDS (LibTorch clashes with the bare `slots` keyword) and sanitizers.
function(frameproof_target_defaults target)
  target_compile_definitions(${target} PRIVATE
    QT_NO_KEYWORDS QT_NO_URL_CAST_FROM_STRING
    QT_USE_QSTRINGBUILDER QT_FORCE_ASSERTS)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
    -Wnon-virtual-dtor -Woverloaded-virtual -Wno-missing-field-initializers)
  if(FRAMEPROOF_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(FRAMEPROOF_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
      -fno-sanitize-recover=undefined)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
  if(TARGET frameproof_layering)
    add_dependencies(${target} frameproof_layering)
  endif()
endfunction()
