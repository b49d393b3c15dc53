#include "tunelab/gui_app/view.h"

#include <QEvent>

namespace tunelab::gui {

void View::changeEvent(QEvent* event) {
  QWidget::changeEvent(event);
  // The desktop switched between light and dark (or --palette set one): charts restyle.
  if (event->type() == QEvent::PaletteChange) refresh();
}

}  // namespace tunelab::gui
