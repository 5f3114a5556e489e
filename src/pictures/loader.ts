/**
 * Page-weight guard for the pictures: this is all a lesson page carries until a picture is
 * scrolled into view or a packet walk's Run is pressed; then the picture code (lesson.ts and
 * the drawing) is fetched.
 */
const pictures = document.querySelectorAll<HTMLElement>('.pw-picture');
if (pictures.length > 0) {
  const show = (el: HTMLElement): void => {
    void import('./lesson.ts').then((m) => m.showPicture(el));
  };
  const seen = new IntersectionObserver((entries) => {
    for (const e of entries) {
      if (!e.isIntersecting) continue;
      seen.unobserve(e.target);
      show(e.target as HTMLElement);
    }
  });
  for (const el of pictures) {
    seen.observe(el);
    el.querySelector('.pw-walk-run')?.addEventListener('click', () => {
      if (el.dataset.shown === 'true') return;
      el.dataset.runRequested = 'true';
      seen.unobserve(el);
      show(el);
    });
  }
}
